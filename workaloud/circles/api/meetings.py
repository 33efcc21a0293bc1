"""Circle API: meetings."""

from ninja import Router

router = Router(tags=["circles"])

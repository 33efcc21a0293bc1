"""Circle API: ending."""

from ninja import Router

router = Router(tags=["circles"])

"""Circle API: forming."""

from ninja import Router

router = Router(tags=["circles"])

"""The circles API: one router made of the routers of each part of a circle's life."""

from ninja import Router

from workaloud.circles.api import ending, forming, meetings

router = Router(tags=["circles"])
router.add_router("", forming.router)
router.add_router("", meetings.router)
router.add_router("", ending.router)

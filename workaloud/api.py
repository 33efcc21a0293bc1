from ninja import NinjaAPI

api = NinjaAPI(title="Workaloud API", version="1")

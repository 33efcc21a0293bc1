"""The home-feed performance benchmark: see README.md."""

"""The formats Workaloud can import, by name. Each reader is ``Reader(path, **options)``."""

from importlib import import_module

FORMATS: dict[str, str] = {
    "slack": "workaloud.imports.readers.slack.SlackReader",
    "mastodon": "workaloud.imports.readers.mastodon.MastodonReader",
    "mbox": "workaloud.imports.readers.mbox.MboxReader",
    "stackexchange": "workaloud.imports.readers.stackexchange.StackExchangeReader",
    "plain": "workaloud.imports.readers.plain.PlainReader",
}


def reader_class(name: str):
    module, _, cls = FORMATS[name].rpartition(".")
    return getattr(import_module(module), cls)

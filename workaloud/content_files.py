"""Files organisers upload (circle programmes, campaigns): reading TOML or JSON into a table,
and checking its text, with errors that name the place of the problem and change nothing."""

from __future__ import annotations

import json
import tomllib

from django.core.exceptions import ValidationError


def load_table(
    source: str | bytes,
    filename: str,
    *,
    max_bytes: int,
    format_help: str,
    holds: str,
    json_openers: tuple[str, ...] = ("{",),
) -> dict:
    """The file's top-level table. It is JSON when named .json or when it starts with one of
    ``json_openers``, TOML otherwise; ``holds`` says what the table should hold."""
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise ValidationError(f"The file is too large: at most {max_bytes:,} bytes.")
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"The file is not UTF-8 text (a bad byte at position {exc.start})."
            ) from None
    if len(source.encode()) > max_bytes:
        raise ValidationError(f"The file is too large: at most {max_bytes:,} bytes.")
    if not source.strip():
        raise ValidationError("The file is empty. " + format_help)
    as_json = filename.lower().endswith(".json") or source.lstrip().startswith(json_openers)
    try:
        data = json.loads(source) if as_json else tomllib.loads(source)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"The file is not valid TOML: {exc}.") from None
    except RecursionError:
        raise ValidationError("The file is nested too deeply.") from None
    if not isinstance(data, dict):
        raise ValidationError(f"The file must hold a table with {holds}.")
    return data


def checked_text(value, where: str, limit: int, *, required: bool) -> str:
    """A stripped string within ``limit`` characters, or an error naming ``where``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{where}: must be text, not {type(value).__name__}.")
    value = value.strip()
    if "\x00" in value:
        raise ValidationError(f"{where}: may not contain NUL characters.")
    if required and not value:
        raise ValidationError(f"{where}: is missing or empty.")
    if len(value) > limit:
        raise ValidationError(
            f"{where}: is {len(value):,} characters long; at most {limit:,} are allowed."
        )
    return value

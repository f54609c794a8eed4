"""Named errors. A document that cannot be processed yields one of these, never a silent None."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: ``code`` is a stable machine-readable name, the message says what to do."""

    code = "error"

    def __init__(self, message: str, origin: str | None = None) -> None:
        super().__init__(message)
        self.origin = origin

    def as_dict(self) -> dict[str, str | None]:
        return {"error": self.code, "message": str(self), "origin": self.origin}


class InputError(MarsadError):
    """A document could not be read or is not usable input."""

    code = "input_error"


class EmptyDocument(InputError):
    code = "empty_document"


class BinaryContent(InputError):
    code = "binary_content"


class UndecodableText(InputError):
    code = "undecodable_text"


class NotArabic(InputError):
    code = "not_arabic"


class TooLarge(InputError):
    code = "too_large"


class BadJsonLine(InputError):
    code = "bad_json_line"


class MissingText(InputError):
    code = "missing_text"


class BadHtml(InputError):
    code = "bad_html"


class UnsupportedInput(InputError):
    code = "unsupported_input"


class ProcessingError(MarsadError):
    """A stage failed on a document (a bug, recorded and reported; the batch goes on)."""

    code = "processing_error"


class PipelineConfigError(MarsadError):
    code = "pipeline_config"


class LexiconError(MarsadError):
    code = "lexicon_error"


class StoreError(MarsadError):
    code = "store_error"

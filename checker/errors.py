"""The one exception type of the checker: bad input, named by field and code."""


class CheckerInputError(ValueError):
    """Input the checker cannot use. ``field`` names the input, ``code`` says what is wrong.

    Both are keys, never sentences: the site translates them.
    """

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code

    def as_json(self) -> dict[str, str]:
        """The error as the API and the CLI report it."""
        return {"field": self.field, "code": self.code}

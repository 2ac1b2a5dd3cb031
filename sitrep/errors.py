"""Sitrep's exception tree. Every error carries a stable code, like spaCy's E-codes.

    SitrepError
    ├── InputError        bad article or file: the run goes on with the other inputs
    ├── ResourceError     a model, gazetteer or data file is missing or broken
    ├── StoreError        the SQLite store cannot be read or written
    └── ConfigError       a setting has a value Sitrep cannot use

Third-party exceptions are converted at the boundary where they enter Sitrep.
"""
from __future__ import annotations


class SitrepError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

    def __reduce__(self):
        # Pickled (a worker process's error reaching the parent) as the code and message it was made from.
        return type(self), (self.code, self.message)


class InputError(SitrepError):
    """An input cannot be read as an article."""


class ResourceError(SitrepError):
    """A bundled or downloaded resource is missing or unusable."""


class StoreError(SitrepError):
    """The event store failed."""


class ConfigError(SitrepError):
    """A setting has an unusable value."""


# Every code Sitrep raises, with the one error it names. One code, one error: a code is raised from
# one module only, always with its class here. README's table of errors is ``markdown_table()``,
# and tests/test_errors.py checks the source, this table and the README against each other.
CODES: dict[str, tuple[type[SitrepError], str]] = {
    "E101": (InputError, "An article is not a JSON object."),
    "E102": (InputError, "An article has no string field `text`."),
    "E103": (InputError, "An article has no `id`."),
    "E104": (InputError, "`published` is not a string `YYYY-MM-DD` (optionally followed by a time)."),
    "E110": (InputError, "`-` was given but there is no standard input."),
    "E111": (InputError, "A folder holds no files."),
    "E112": (InputError, "An input, or one JSON line, is larger than `--max-bytes`."),
    "E113": (InputError, "An input cannot be read (missing, no permission)."),
    "E114": (InputError, "An input, JSON line or feed item holds no text."),
    "E115": (InputError, "Binary data, not text."),
    "E116": (InputError, "Not UTF-8 text (nor UTF-16 or UTF-32 with a byte order mark)."),
    "E117": (InputError, "A JSON line is malformed."),
    "E118": (InputError, "An HTML page cannot be parsed."),
    "E119": (InputError, "An HTML page has no article text."),
    "E120": (InputError, "A feed cannot be read."),
    "E121": (InputError, "A URL cannot be fetched."),
    "E122": (InputError, "A URL answered with an HTTP error."),
    "E130": (InputError, "An article is longer than `--max-chars`."),
    "E131": (InputError, "An article took longer than `--time-budget`."),
    "E132": (InputError, "A pipeline stage failed on an article."),
    "E133": (InputError, "A field holds a lone surrogate (`\\ud800`), which is no character."),
    "E134": (InputError, "A JSON line is nested too deeply to read."),
    "E135": (InputError, "`id` is neither a string nor a whole number (true, 1.5, 1e400)."),
    "E136": (InputError, "`id` is empty, longer than 1,024 characters, padded with spaces or holds control characters."),
    "E137": (InputError, "A GeoNames file to import does not exist."),
    "E138": (InputError, "A GeoNames file has a malformed row."),
    "E201": (ResourceError, "The spaCy model package is not installed."),
    "E210": (ResourceError, "A package holding GeoNames data is not installed."),
    "E211": (ResourceError, "A GeoNames data file is missing from its package."),
    "E212": (ResourceError, "A gazetteer supplement alias names an unknown place."),
    "E213": (ResourceError, "A country code unknown to the actor dictionary."),
    "E214": (ResourceError, "The actor data file is missing."),
    "E215": (ResourceError, "The actor data file is not valid JSON."),
    "E216": (ResourceError, "The actor data file does not match its schema."),
    "E217": (ResourceError, "The gazetteer file does not exist."),
    "E218": (ResourceError, "The gazetteer file is unreadable."),
    "E219": (ResourceError, "No place with this geonameid in the gazetteer."),
    "E220": (ResourceError, "Importing GeoNames files into the gazetteer failed."),
    "E221": (ResourceError, "An argument lexicon file is missing."),
    "E222": (ResourceError, "An argument lexicon file is not a JSON object."),
    "E223": (ResourceError, "The fine-tuned typing layers file is missing beside the typing model."),
    "E224": (ResourceError, "The precedence rules name sub-event types the typing model lacks."),
    "E225": (ResourceError, "The fine-tuned typing layers' blend weight is outside [0, 1]."),
    "E301": (ResourceError, "onnxruntime or tokenizers (needed for event typing) is not installed."),
    "E302": (ResourceError, "The MiniLM ONNX package is not installed."),
    "E303": (ResourceError, "The MiniLM tokenizer file is missing."),
    "E304": (ResourceError, "The MiniLM ONNX model file is missing."),
    "E305": (ResourceError, "An unknown MiniLM pooling."),
    "E306": (ResourceError, "The MiniLM encoder has no fine-tuned layers."),
    "E307": (ResourceError, "A part of MiniLM could not be loaded."),
    "E310": (ResourceError, "The typing cue lexicon cannot be read."),
    "E311": (ResourceError, "A typing cue is not a valid regular expression."),
    "E314": (ResourceError, "The actor data names an actor twice."),
    "E320": (ResourceError, "The event typing model is missing."),
    "E321": (ResourceError, "The event typing model is unreadable."),
    "E322": (ResourceError, "cues.json changed since the typing model was trained."),
    "E323": (ResourceError, "The typing model has labels unknown to Sitrep."),
    "E324": (ResourceError, "The typing model's weights have unexpected shapes."),
    "E325": (ResourceError, "The fine-tuned typing layers do not belong to this typing model."),
    "E326": (ResourceError, "The precedence rules file cannot be read."),
    "E327": (ResourceError, "The precedence rules file is malformed."),
    "E330": (ResourceError, "The onnx package (needed for the fine-tuned layers) is not installed."),
    "E331": (ResourceError, "The MiniLM graph is not laid out as the fine-tuned layers expect."),
    "E332": (ResourceError, "The fine-tuned typing layers file is unreadable."),
    "E333": (ResourceError, "A fine-tuned typing layer has the wrong shape."),
    "E350": (ResourceError, "The derived ACLED actor table is missing."),
    "E351": (ResourceError, "The derived ACLED actor table is not valid JSON."),
    "E352": (ResourceError, "The derived ACLED actor table does not fit its schema."),
    "E360": (ResourceError, "The ACLED place-name table cannot be read."),
    "E361": (ResourceError, "A line of the ACLED place-name table is malformed."),
    "E362": (ResourceError, "The village table (localities.tsv.gz) cannot be read."),
    "E363": (ResourceError, "A row of the village table (localities.tsv.gz) is malformed."),
    "E401": (ConfigError, "An environment variable holds no valid value for its setting."),
    "E402": (ConfigError, "`sitrep scale` needs Ray (the `scale` extra)."),
    "E404": (ConfigError, "The `sitrep scale` output folder is not empty and holds no `sitrep scale` run."),
    "E410": (ConfigError, "A setting is below its minimum."),
    "E411": (ConfigError, "Ray could not start (e.g. a bad `--address`)."),
    "E412": (ConfigError, "A pipeline stage needs a field no earlier stage provides."),
    "E413": (ConfigError, "The pipeline has no stage to overlap after."),
    "E414": (ConfigError, "More than one worker needs processes forked from the running one, which this platform cannot make."),
    "E420": (StoreError, "The store stayed locked by another writer for longer than `--lock-timeout`."),
    "E440": (ConfigError, "`sitrep scale`: a path or URI pyarrow cannot open (unknown scheme, bad bucket, no credentials)."),
    "E441": (ConfigError, "`sitrep scale`: the output folder holds a run with another input or other settings."),
    "E442": (ConfigError, "`sitrep load`: the folder holds no finished `sitrep scale` run."),
    "E443": (InputError, "`sitrep scale`: the input file, folder or prefix does not exist or holds no files."),
    "E501": (StoreError, "A file is not a usable Sitrep store."),
    "E502": (StoreError, "An article cannot be stored."),
    "E503": (StoreError, "There is no store at the given path."),
    "E510": (ResourceError, "`serve`: the extraction worker could not start."),
    "E511": (ResourceError, "`serve`: an extraction ran over `--extract-timeout` and was stopped (504)."),
    "E512": (ResourceError, "`serve`: the extraction worker is busy with another request (503)."),
    "E513": (ResourceError, "`serve`: the extraction worker failed on an article."),
    "E514": (InputError, "`serve`: a POST body is not UTF-8, not JSON, too deeply nested or not an article (422)."),
    "E515": (ConfigError, "`serve`: the server is read-only; start it with `--allow-extract` (403)."),
    "E516": (InputError, "`serve`: a request body is over `--max-body-bytes` (413)."),
    "E540": (StoreError, "The store has a newer schema version than this Sitrep reads."),
    "E541": (StoreError, "Upgrading a store from an older schema version failed (the file is left as it was)."),
    "E542": (StoreError, "`sitrep remove`: no article with this id in the store."),
    "E543": (StoreError, "`sitrep events --show`: no event with this id in the store."),
    "E544": (StoreError, "An article cannot be removed from the store."),
    "E600": (ConfigError, "`export --format parquet` needs pyarrow (the `export` extra)."),
    "E601": (ConfigError, "`export`: OUT exists; give `--force` to replace it."),
    "E602": (ConfigError, "`export`: a binary format (Parquet) cannot go to standard output."),
    "E603": (ConfigError, "`export`: OUT cannot be written (no such folder, a folder, no permission, disk full)."),
    "E604": (ConfigError, "An unknown event filter."),
    "E605": (ConfigError, "An event filter has an unusable value (not a day, `--since` after `--until`)."),
    "E606": (ConfigError, "An unknown export format."),
    "E607": (StoreError, "`export`: there is no store at the given path."),
    "E610": (ResourceError, "The ACLED region table cannot be read."),
    "E611": (ResourceError, "A line of the ACLED region table is malformed."),
}


def markdown_table() -> str:
    rows = ["| code | kind | meaning |", "|---|---|---|"]
    rows += [f"| {code} | {cls.__name__} | {meaning} |" for code, (cls, meaning) in CODES.items()]
    return "\n".join(rows)

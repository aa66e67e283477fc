"""The one exception class for problems the user can fix, and the one table of their wording.

Anything raised as :class:`AnnotatorError` is shown to the user as a message (CLI: on stderr with exit
code 1; GUI: in a dialog). Anything else is a bug and keeps its traceback.

Every message lives in :class:`Errors` under a code (spaCy's ``errors.py`` is the model), so one problem
is worded one way everywhere and tests match on codes. Codes are grouped by area: the project file and
its folder E0xx, import E1xx, export E2xx, schema E3xx, annotation rules E4xx, training and spaCy E5xx,
entities and links E6xx, teams E7xx (E700-E729: assign, merge, layers, adjudication; E730-E749: agreement;
E750-E759: found in hands-on checks).
A code's text is a :meth:`str.format` template; the optional second item is the hint shown after it.
"""

from __future__ import annotations

import re
from typing import Any

_CODE = re.compile(r"E\d{3}")
_NOTHING_IMPORTED = "nothing was imported"
_NOTHING_CHANGED = "nothing was changed"
_RESTORE = "restore a backup; 'annotator check' lists what is wrong"
_ENCODING = "use a Python text codec name such as utf-8, utf-16, latin-1 or cp1252"
_INSTALL = ("no pipeline is downloaded for you: install one with pip from a wheel file "
            "(e.g. pip install en_core_web_sm-3.8.0-py3-none-any.whl), or train one with 'annotator train'")


class Message(str):
    """One entry of :class:`Errors`: the template itself, with its ``code`` and default ``hint``."""

    code: str
    hint: str | None

    def __new__(cls, template: str, code: str, hint: str | None = None) -> Message:
        message = super().__new__(cls, template)
        message.code = code
        message.hint = hint
        return message


class Errors:
    """Every user-facing error, by code. Add new codes at the end of their area; never reuse one."""

    # -- the project file and its folder
    E001 = "a file already exists here", "choose a new file name"
    E002 = "the folder does not exist"
    E003 = "no project file here", "create it with 'annotator init'"
    E004 = "this is not a project file (not a regular file)"
    E005 = ("this project is open for writing under another name ({other}); "
            "SQLite keeps each name's recent edits apart",
            "open {other} instead, or close the program that writes it")
    E006 = "this project is open read-only: {reason}", _NOTHING_CHANGED
    E007 = "the schema stored in the project is damaged ({reason})", _RESTORE
    E008 = "a backup cannot replace the project itself"
    E009 = "the backup copy failed its check ({problem})"
    E010 = ("this project was made by a newer annotator (file version {version}, "
            "this program reads up to {current})", "upgrade annotator to open it")
    E011 = "the project file is damaged: it says it has version {version}", _RESTORE
    E012 = "this file is not an annotator project"
    E013 = "this file is not an annotator project, or is damaged ({missing})", _RESTORE
    E014 = "the project file is damaged or not a project ({error})", _RESTORE
    E015 = "the project file is read-only and cannot be written", _NOTHING_CHANGED
    E016 = "the project file is busy in another program; try again", _NOTHING_CHANGED
    E017 = "cannot open the project file ({error})"
    E018 = "document {doc_id}'s metadata is damaged (not valid JSON)", _RESTORE
    E019 = "unknown status {status!r}", "use one of {statuses}"
    E020 = "the disk is full; free space and try again (nothing was changed)"
    E021 = ("this project is open for writing in another annotator window or command{under}",
            "close the other window or wait for the import to finish, then try again")
    E022 = ("this project can only be read here: its folder or lock file is not writable by you ({reason})",
            _NOTHING_CHANGED)

    # -- import
    E101 = "unknown text encoding {encoding!r}", _ENCODING
    E102 = "{encoding!r} is not a text encoding", _ENCODING
    E103 = "this is {found}, not UTF-8", "use --encoding {codec}"
    E104 = ("not valid {codec} text at byte {position} (line {line}): "
            "byte 0x{byte:02x} cannot start or continue a character",
            "if the file uses another encoding, pass it with --encoding (e.g. --encoding latin-1)")
    E105 = ("this looks like a binary file (it contains NUL bytes), not text",
            "import plain text (.txt), JSONL (.jsonl) or brat (.txt + .ann) files")
    E106 = "cannot read the file: {reason}"
    E107 = "cannot import this: {reason}", _NOTHING_IMPORTED
    E108 = "not a regular file ({kind})", _NOTHING_IMPORTED
    E109 = "a brat .ann file needs its .txt file beside it", _NOTHING_IMPORTED
    E111 = "not valid JSON: {reason} (column {column})"
    E112 = "a number has more than {digits} digits, too long to read"
    E113 = "the JSON is nested too deeply to read"
    E114 = "each line must be a JSON object, not {kind}"
    E115 = 'the record has no "text" string'
    E116 = "NaN/Infinity are not valid JSON (found {name})"
    E117 = "the number {literal} is too large (it would become Infinity)"
    E118 = ("the record contains an unpaired surrogate escape (\\u{code:04x}), "
            "which is not a character; fix the text")
    E119 = '"meta" must be a JSON object'
    E120 = '"{key}" must be a list'
    E121 = 'each entry of "spans" must be an object with "start", "end" and "label"'
    E122 = 'a span\'s "text", "annotator", "source" and "created_at" must be strings'
    E123 = "span confidence {confidence!r} is not a number from 0 to 1"
    E124 = "doccano labels must be [start, end, label] triples, not {raw!r}"
    E125 = "span offsets must be whole numbers, not {start!r} and {end!r}"
    E126 = "span {start}-{end} has no label"
    E127 = 'each event must be an object with a "type"'
    E128 = 'the {type} event has no "trigger" object'
    E129 = 'each argument of the {type} event needs a "role" and a "span"'
    E130 = "the provenance of the {type} event must be strings"
    E131 = "event refers to span {value!r}, but the record has spans 0 to {last}"
    E132 = 'each doccano relation must be an object with "from_id", "to_id" and "type"'
    E133 = "relation {id!r} links entities {source!r} and {target!r}, which are not both in the record"
    E134 = "relation {id!r} has no type"
    E135 = 'span kind {kind!r} is neither "{entity}" nor "{trigger}"'
    E136 = "not a brat annotation line: {text!r}"
    E137 = "a T line needs an id, 'TYPE START END' and the text, separated by tabs"
    E138 = "cannot read the offsets {offsets!r}"
    E139 = "{identifier} has fragments that overlap or are out of order ({offsets})"
    E140 = "{identifier} must read 'TYPE:TRIGGER ROLE:ID ...'"
    E141 = "{identifier} has trigger {trigger}, which is not a T line of this file"
    E142 = "{identifier} has argument {target}, which is not defined in this file"
    E143 = 'a span\'s "fragments" must be a list of [start, end] pairs of whole numbers, not {value}'
    E144 = "the record refers to {what} {value!r}, but it has {what}s 0 to {last}"
    E145 = 'each note must be an object with a "text" and "on" one of {targets}'
    E146 = 'each link must be an object with a "type", a "head" and a "tail"'
    E147 = '"attributes" must map names to true/false, whole numbers or text'
    E148 = '"{key}" must be text'
    E149 = "{target} is not a T, E or R line of this file"
    E150 = "{identifier} must read 'TYPE Arg1:ID Arg2:ID'"
    E151 = "{identifier} must read 'NAME ID' or 'NAME ID VALUE'"
    E152 = "{identifier} must read 'AnnotatorNotes ID' and the note after a tab"

    # -- export
    E201 = "cannot write the export: {reason}"
    E202 = "a folder is in the way of the output file", "choose a file name"
    E203 = "a file is in the way of the output folder", "choose a folder name"
    E204 = ("the output folder already holds {name!r}, which an export would delete",
            "choose a new or empty folder, or move those files away")
    E205 = "unknown export format {fmt!r}", "use one of {formats}"
    E206 = ("schema {schema!r} has no label {label!r}",
            "labels are entity labels or event types of the project's schema")
    E207 = ("{documents} documents hold {megabytes:,} MB of token columns, more than one .spacy file can "
            "hold (4,096 MB)", "export to a folder instead (an output name not ending in .spacy)")

    # -- schema
    E301 = "unknown schema {name!r}", "use one of {builtin} or the path of a YAML/JSON schema file"
    E302 = "schema file is larger than {megabytes} MB"
    E303 = "cannot read schema file: {reason}"
    E304 = "schema file is not UTF-8 (byte {position})"
    E305 = "schema file is not valid YAML: {problem}"
    E306 = "schema file is not valid JSON: {problem}"
    E307 = "YAML anchors and aliases (&name / *name) are not allowed in a schema; write each entry out"
    E308 = "the file nests deeper than {depth} levels; no schema needs that"
    E309 = "YAML merge keys (<<) are not allowed in a schema; write each entry out"
    E310 = "key {key} appears twice in the same mapping"
    E311 = "a number in the file is too long"
    E312 = "a schema must be a mapping with 'name' and 'entity_labels'"
    E313 = "the schema needs a non-empty 'name'"
    E314 = "{name} is both an entity label and an event type; rename one"
    E315 = "'language' must be a spaCy language code, not {value}"
    E316 = ("spaCy has no tokenizer for 'language' {language!r}",
            "use a spaCy language code such as en, fr, de or ar, or xx for any other language")
    E317 = "'{key}' must be a list, not {value}"
    E318 = "{what} {name} is defined twice"
    E319 = ("name {name} contains the invisible or control character U+{code:04X}; "
            "a name must be one line of visible text")
    E320 = "'{key}' must be text, not {value}"
    E321 = "'{key}' contains a lone surrogate (\\ud800-\\udfff)"
    E322 = "'{key}' must be true or false, not {value}"
    E323 = "'{key}' must be a list of {what}, not contain {value}"
    E324 = "each entry must be a mapping with at least a 'name'"
    E325 = "entry has no 'name'"
    E326 = "name {name} must not contain whitespace"
    E327 = "colour {color} is not of the form #rrggbb"
    E328 = "shortcut key {key} must be a letter, optionally 'shift+' (digits are the role keys)"
    E329 = "each role must be a mapping with a non-empty 'name'"
    E330 = "role {role} allows filler {filler}, which is not an entity label or event type"
    E332 = "'{key}' names {label}, which is not an entity label or event type"
    E333 = "attribute type {type} is not one of {types}"
    E334 = "an attribute at the top level needs 'applies_to' (names, or <ENTITY>, <EVENT>, <RELATION>)"
    E335 = "attribute {attribute} applies to {name}, which is not a label, event type or relation type"
    E336 = "an enum attribute needs a list of 'values'"
    E337 = "'minimum' is more than 'maximum'"
    E338 = "'precision' {value} is not one of {precisions}"
    E339 = "the default does not fit: {problem}"
    E340 = "'{key}' must be a whole number, not {value}"
    E341 = "a transitive relation type (an equivalence) must be symmetric too: add 'symmetric: true'"

    # -- annotation rules
    E401 = "{span} falls outside the text of length {length} or is empty"
    E402 = "{span} should read {expected!r} but the text there is {found!r}"
    E403 = "unknown entity label {label!r} on span {start}-{end} ({nearest})"
    E404 = "unknown event type {label!r} on trigger {start}-{end} ({nearest})"
    E405 = "unknown event type {type!r} ({nearest})"
    E406 = "the trigger of a {type} event is not a span of its document"
    E407 = "the trigger of a {type} event, {span}, is an entity, not a trigger"
    E408 = "a {type} event has the trigger {span}; an event's type must be its trigger's label"
    E409 = "an argument of the {type} event has an empty role name"
    E410 = "the {role} argument of a {type} event is not a span of its document"
    E411 = "{type} events have no role {role!r} (roles: {roles})"
    E412 = "{role} of {type} is filled by the trigger {span}; a trigger never fills a role"
    E413 = "{role} of {type} takes {fillers}, not {label} ({span})"
    E414 = "{role} of {type} can be filled only once"
    E415 = "the {type} event on {surface!r} has no {role}, a required role"
    E416 = "{span} is there twice: no two spans may share offsets, label and kind"
    E417 = "{span} overlaps {other}, and {label} spans may not overlap"
    E418 = "{span} already fills {role} of the {type} event"
    E419 = "a trigger takes its label from its event; change the event type"
    E420 = "{target} has no attribute {name!r} in the schema (attributes: {known})"
    E421 = "attribute {name} takes true or false, not {value}"
    E422 = "attribute {name} takes one of {values}, not {value}"
    E423 = "attribute {name} takes a whole number{range}, not {value}"
    E424 = "attribute {name} takes an ISO date (YYYY-MM-DD, or coarser down to its {precision}), not {value}"
    E425 = "attribute {name} takes a non-empty text, not {value}"
    E426 = "{target} has no {name}, a required attribute"
    E427 = "unknown relation type {type!r} ({nearest})"
    E428 = "{type} cannot link {head} to {tail} (it links {heads} to {tails})"
    E429 = "{type} already links {head} and {tail}"
    E430 = "the {end} of a {type} relation is not a span of its document"
    E431 = "a {type} relation cannot link {head} to itself"
    E432 = "{role} of {type} takes {fillers}, not a {filler} event"
    E433 = "the {role} argument of a {type} event names an event that is not on {span}"
    E434 = "a {type} event cannot fill a role of itself"
    E435 = "a note needs some text"
    E436 = "{span} has fragments {fragments}: they must be in order, apart, non-empty and span it exactly"
    E437 = "{target} is not in this document"
    E438 = "{span} covers exactly the text of {other}: one stretch is usually one entity (relabel one)"

    # -- training and spaCy
    E501 = ("spaCy cannot tokenize language {language!r}: {reason}",
            "set 'language' in the schema to a spaCy language code such as en, fr, ar or xx")
    E502 = ("training needs at least 2 documents marked done with entity spans; this project has {count}",
            "annotate more documents and mark them done")
    E503 = "train for at least one epoch"
    E504 = "this folder is not empty and holds no spaCy pipeline; not replacing it"
    E505 = "no spaCy pipeline here: the path does not exist", _INSTALL
    E506 = ("this is not a spaCy pipeline (a pipeline is a folder with config.cfg, as saved by "
            "nlp.to_disk or 'annotator train')")
    E507 = "no spaCy pipeline named {name!r} is installed", _INSTALL
    E508 = "cannot load this spaCy pipeline: {reason}"
    E509 = "--map {entry!r} is not of the form MODEL_LABEL=PROJECT_LABEL"
    E510 = "no trained model here yet", "train one with 'annotator train' (it needs 2 documents marked done)"
    E511 = "the schema {schema!r} lists no trigger words", "add 'triggers' to its event types"


    # -- entities (the project's registry) and their links
    E601 = "unknown entity label {label!r} ({nearest})"
    E602 = "an entity needs a name (one line of text)"
    E603 = "the id {value!r} is not of the form scheme:id (such as wikidata:Q42)"
    E604 = "{name} lists the alias {alias!r} twice"
    E605 = "an alias must be one line of non-empty text, not {alias!r}"
    E606 = "{span} is a trigger; only entity spans are linked to entities"
    E607 = ("{span} cannot be linked to {name}: the span is {label}, the entity {entity_label}",
            "relabel the span, or link it to a {label} entity")
    E608 = "there is no entity {entity_id} in this project"
    E609 = "{span} is not linked to an entity"
    E610 = "an entity cannot be merged into itself"
    E611 = "a {label} entity cannot be merged into a {other} entity"
    E612 = "{name} has no alias {alias!r}"
    E613 = "{name} already has the alias {alias!r}"
    E614 = "the header must be {expected}, not {found}"
    E615 = "a row needs the {count} fields {expected}, but it has {found}"
    E616 = "'{key}' must be {what}"
    E617 = "unknown key {key!r} (keys: {expected})"
    E618 = ("cannot tell the format of {suffix!r} files", "use a .csv, .tsv or .jsonl file")
    E619 = "{name} ({label}) is listed twice in the file (also on line {line})"
    E620 = "splitting needs at least one mention to move, and not all of them"
    E621 = "the mention {span_id} is not linked to {name}"
    E622 = ("the alias {alias!r} of {name} contains '|', which CSV and TSV files put between aliases",
            "export the entities as .jsonl")
    E623 = "not a valid row: {reason}"
    E624 = 'each of the record\'s "entities" must be an object with a whole-number "entity_id"'
    E625 = 'span {index} has the entity_id {value!r}, which is not among the record\'s "entities"'
    E626 = "{identifier} must read 'Reference T-ID SCHEME:ID' and the name after a tab"
    E627 = "choose at least one text of the unlinked mentions to add as an alias"

    # -- teams: assigning work, merging it back, layers, adjudication (E700-E729)
    E700 = "cannot merge {name}: {reason}", "nothing was merged"
    E701 = ("{name} has another schema than {other}: its annotations would not fit",
            "nothing was merged; merge only copies of one project (as 'annotator assign' writes them)")
    E702 = "two inputs are the work of {analyst}: {first} and {second}", (
        "nothing was merged; name each input's analyst with --as, once per input")
    E703 = "--as was given {given} time(s) for {inputs} input(s)", "give --as once per input, in their order"
    E704 = "{name}: document {title!r} of {analyst} breaks a rule: {problem}", "nothing was merged"
    E705 = "{name} is the gold project itself", "merge the analysts' copies into it, not the project itself"
    E706 = "no project to merge", "name one or more analysts' project files after the gold project"
    E707 = "the overlap {value!r} is not a share such as 20% or a number of documents", "nothing was written"
    E708 = "an overlap of {value} is more than the project's {documents} document(s)", "nothing was written"
    E709 = "{name!r} cannot name an analyst: use letters, digits, '.', '-' or '_'", "nothing was written"
    E710 = "{name} is listed twice among the analysts", "nothing was written"
    E711 = "{path} exists already", "nothing was written; choose an empty folder, or move the old shares away"
    E712 = "the project has no documents to assign"
    E713 = "the project has no layer {layer!r} (it has: {layers})", "use gold, all or an analyst's name"
    E714 = "{name!r} cannot name an analyst: exports and training read it as the name of a layer"
    E715 = "training reads one layer, not all of them", "use --layer gold or an analyst's name"

    # -- teams: agreement between analysts (E730-E749)
    E730 = ("no document was annotated by two or more analysts ({analysts} analyst layer(s) here)",
            "merge two or more analysts' copies with 'annotator merge' (their overlap documents) first")

    # -- teams: found in hands-on checks (E750-E759)
    E750 = ("the inputs {first} and {second} are one file (or copies of one file)",
            "nothing was merged; name each analyst's copy once (merging it again later changes nothing)")
    E751 = "{term}: the schema has no such {what} (it has: {names})", "letter case does not matter"
    E752 = "cannot make the folder {path} for the analysts' files: {reason}", (
        "nothing was written; choose a folder you can write to")

    # -- event records (one real-world event across documents)
    E650 = "a record needs an event type of the schema, not {type!r}"
    E651 = ("the event is a {event_type} event; record {record} holds {record_type} events",
            "add it to a record of its type, or make a new record from it")
    E652 = "the event is already in record {record}", "remove it from that record first"
    E653 = "a {type} record has no field {name!r} (fields: {fields})"
    E654 = "the field {name} cannot be taken from the {kind} {source!r} (it takes {takes})"
    E655 = "the event is not in record {record}"
    E656 = "the event has no {kind} {source!r} to take the field {name} from"
    E657 = "a field value must be one line of non-empty text, not {value!r}"
    E658 = "a record cannot be merged into itself"
    E659 = "a {type} record cannot be merged into a {other} record"
    E660 = "there is no record {record_id} in this project"
    E661 = "there is no event {event_id} in this project"
    E662 = ("cannot tell the record table format of {suffix!r} files",
            "use a .csv or .jsonl file, or --format")
    E663 = "the field {name} of record {record} is not set"
    E664 = 'each of the line\'s "records" must be an object with a "record" string and its "type" and "title"'
    E665 = 'event {index} is in the event record {value!r}, which the line\'s "records" does not list'

    # -- finding things: the search query, bulk actions on results, the consistency report
    E670 = ("unknown search key {key!r} (keys: {keys})", "write text as is, or \"a phrase\" in quotes")
    E671 = "the search key {key!r} needs a value after the colon"
    E672 = "the search has a quote that is never closed", "close it with a second \""
    E673 = "attr:{value} must read attr:NAME=VALUE"
    E674 = "status:{value} is not a document status (statuses: {statuses})"
    E675 = "entity:{value} names no entity in this project", "use its id, its external id or a name or alias"
    E676 = "the search is empty", "type words to find, or a key such as label:GPE"
    E677 = "the search text {text!r} has no letter or digit to look for"
    E678 = ("{count} of the matches cannot be labelled {label}: {conflicts}",
            "nothing was labelled; narrow the search or label them one by one")
    E679 = "{label} is not an entity label of this schema"
    E680 = ("{count} of the matches cannot be linked to {name}: {conflicts}",
            "nothing was linked; search for label:{label} spans only")
    E681 = "nothing to do: no match {what}"

    # -- event records, continued (E682-E699; after the search area's E670-E681): ignored candidates,
    # titles, records joined on import
    E682 = "the event is in record {record}: it has no candidate records to ignore"
    E683 = "the candidate records of this event are ignored already"
    E684 = "the candidate records of this event are not ignored"
    E685 = "a record title must be one line of text, not {value!r}"
    E686 = ('a record\'s "uid" must be up to 64 letters, digits, "-" or "_", not {value!r}',
            "leave it out to make a new record, or keep the uid the export wrote")

class Hints:
    """Hints a caller adds to a problem it passes on (an import's first bad record, an export's)."""

    SKIP_INVALID = ("nothing was imported; fix it, or pass --skip-invalid to import the rest "
                    "and list the bad records")
    NOTHING_EXPORTED = "nothing was exported; run 'annotator check' on the project"
    NO_ENTITY_IMPORTED = "no entity was imported; fix the file and import it again"


def _coded(table: type) -> dict[str, Message]:
    """Turn the table's plain entries into :class:`Message` s in place; return them by code."""
    found = {}
    for code, entry in list(vars(table).items()):
        if _CODE.fullmatch(code):
            template, hint = entry if isinstance(entry, tuple) else (entry, None)
            found[code] = Message(template, code, hint)
            setattr(table, code, found[code])
    return found


CODES: dict[str, Message] = _coded(Errors)


class AnnotatorError(Exception):
    """A user-facing error: ``AnnotatorError(Errors.E001, where=..., **fields)``.

    ``where`` names the file (and line) the problem was found in, so every message can point at it;
    ``fields`` fill the template (and the hint); ``hint`` replaces the code's own hint. ``str()`` is
    ``where: message (hint)``; the CLI puts the code in front (``error: [E001] ...``) to look it up.
    """

    def __init__(self, message: Message | str, *, where: str | None = None, hint: str | None = None,
                 **fields: Any) -> None:
        # Plain text (no code) is left only in the GUI's smoke check; tests/test_errors.py keeps it there.
        self.code: str | None = getattr(message, "code", None)
        self.fields = fields  # what filled the template; the window words some hints its own way
        self.message = message.format(**fields) if fields else str(message)
        self.where = where
        hint = getattr(message, "hint", None) if hint is None else hint
        self.hint = hint.format(**fields) if hint and fields else hint
        super().__init__(str(self))

    @classmethod
    def coded(cls, code: str, message: str, *, where: str | None = None,
              hint: str | None = None) -> AnnotatorError:
        """An error from a code and its already worded message (a rejected record, a broken rule)."""
        return cls(Message(message, code), where=where, hint=hint or CODES[code].hint)

    def restated(self, *, where: str | None = None, hint: str | None = None) -> AnnotatorError:
        """The same problem (code and message), placed at ``where`` and/or with another hint."""
        restated = type(self)(self.message, where=where or self.where, hint=hint or self.hint)
        restated.code, restated.fields = self.code, self.fields
        return restated

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class DiskFull(AnnotatorError):
    """The disk filled up; nothing of the refused write was kept."""


class ProjectInUse(AnnotatorError):
    """Another process writes this project."""


class ProjectReadOnly(AnnotatorError):
    """The project (or its folder, or its lock file) cannot be written by this user."""


def disk_full(where: object) -> DiskFull:
    """The one wording for a full disk, wherever it strikes (an edit, an import, an export, a backup)."""
    return DiskFull(Errors.E020, where=str(where))

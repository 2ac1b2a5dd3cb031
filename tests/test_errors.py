"""One code, one error: the codes raised in the source, the table in sitrep.errors and README's
table of errors agree, and no code names two errors."""
import ast
import re
from collections import defaultdict

from sitrep import errors

from .conftest import ROOT

CODE = re.compile(r"E\d{3}")
CLASSES = {"SitrepError", "InputError", "ResourceError", "StoreError", "ConfigError"}


def raised_codes():
    """(code, class name or None, module) for every code written in the package: as the first
    argument of an error class, or passed on to a helper that raises it (``read_json(path, "E310", ...)``)."""
    found = []
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "sitrep":
            continue
        module = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        direct = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and CODE.fullmatch(node.args[0].value):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                cls = name if name in CLASSES else None
                found.append((node.args[0].value, cls, module))
                direct.add(id(node.args[0]))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value) \
                    and id(node) not in direct:
                found.append((node.value, None, module))
    return found


def test_the_source_finds_many_codes():
    found = raised_codes()
    assert len({c for c, _, _ in found}) > 60
    assert ("E420", "StoreError", "sitrep/store/__init__.py") in found


def test_every_code_raised_is_in_the_table_and_every_code_in_the_table_is_raised():
    used = {code for code, _, _ in raised_codes()}
    assert sorted(used - set(errors.CODES)) == [], "codes raised but not in sitrep.errors.CODES"
    assert sorted(set(errors.CODES) - used) == [], "codes in sitrep.errors.CODES that nothing raises"


def test_a_code_is_always_raised_as_its_one_class_from_one_module():
    modules, classes = defaultdict(set), defaultdict(set)
    for code, cls, module in raised_codes():
        modules[code].add(module)
        if cls is not None:
            classes[code].add(cls)
    assert {c: sorted(m) for c, m in modules.items() if len(m) > 1} == {}
    wrong = {c: sorted(k) for c, k in classes.items() if k != {errors.CODES[c][0].__name__}}
    assert wrong == {}


def test_no_two_codes_share_a_meaning():
    meanings = [meaning.lower() for _, meaning in errors.CODES.values()]
    assert len(set(meanings)) == len(meanings)


def test_readme_lists_every_code_once_with_its_meaning():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (E\d{3}) \| (\w+) \| (.+) \|$", readme, re.MULTILINE)
    codes = [code for code, _, _ in rows]
    assert sorted(c for c in set(codes) if codes.count(c) > 1) == []
    assert {code: (kind, meaning) for code, kind, meaning in rows} == {
        code: (cls.__name__, meaning) for code, (cls, meaning) in errors.CODES.items()}


def test_errors_survive_pickling_as_between_worker_processes():
    import pickle

    from sitrep.errors import ConfigError, InputError

    for err in (InputError("E132", "article 'a' could not go through stage 'detect'"), ConfigError("E414", "no fork")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and back.code == err.code and back.message == err.message
        assert str(back) == str(err)

"""Mapping files and the conversion of rows: the canonical layout as is, others through TOML."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ridni.errors import Invalid
from ridni.ingest.convert import Record, RowConverter, content_hash
from ridni.ingest.mapping import CANONICAL, Mapping, load_mapping

from .helpers import DATA, HEADER

Write = Callable[..., Path]


def test_the_example_mapping_loads() -> None:
    mapping = load_mapping(DATA / "family_form.toml")
    assert mapping.name == "family_form.toml"
    assert mapping.columns["Код"] == "record_id"
    assert mapping.columns["№"] == ""
    assert mapping.constants == {"birth_region": "Невідома область"}
    assert mapping.date_formats == ("%d/%m/%Y", "%m/%Y", "%Y")
    assert mapping.values == {"sex": {"1": "M", "2": "F"}}
    assert mapping.full_version is False
    assert mapping.spec()["options"] == {"full_version": False}


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ("[columns]\nID = 'id'\n", "columns.ID"),
        ("[columns]\nA = 'record_id'\nB = 'record_id'\n", "columns.B"),
        ("[constants]\nrecord_id = 'X'\n", "constants.record_id"),
        ("[constants]\nnickname = 'X'\n", "constants.nickname"),
        ("[dates]\nformats = 'dd.mm.yyyy'\n", "dates.formats"),
        ("[dates]\nstyle = 'eu'\n", "dates.style"),
        ("[values.sex]\n1 = true\n", "values.sex"),
        ("[options]\nfull_version = 'no'\n", "options.full_version"),
        ("[options]\nencoding = 'latin-1'\n", "options.encoding"),
        ("[options]\ncolour = 'red'\n", "options.colour"),
        ("[rename]\nA = 'record_id'\n", "rename"),
        ("[columns\n", None),
    ],
)
def test_bad_mappings_name_the_file_and_key(write: Write, toml: str, field: str | None) -> None:
    path = write("m.toml", toml)
    with pytest.raises(Invalid) as caught:
        load_mapping(path)
    assert caught.value.file == str(path)
    assert caught.value.field == field


def convert(converter: RowConverter, line: int, raw: dict[str, object]) -> Record:
    result = converter.convert(line, raw)
    assert isinstance(result, Record), result
    return result


def test_canonical_rows_are_normalised_and_keep_extras() -> None:
    converter = RowConverter(CANONICAL, file="f.csv")
    columns = [*HEADER.split(","), "school"]
    converter.check_columns(columns)
    raw = dict.fromkeys(columns, "")
    raw |= {"record_id": " TST-1 ", "given_name": "Олесь\u00a0", "sex": "ч",
            "birth_date": "09.03.2014", "age": "", "guardian_names": "Марія;  Іван ",
            "school": "  Гімназія №0 "}  # fmt: skip
    record = convert(converter, 2, raw)
    assert record.record_id == "TST-1"
    values = record.as_dict()
    assert values["given_name"] == "Олесь"
    assert values["sex"] == "M"
    assert values["birth_date"] == "2014-03-09"
    assert values["guardian_names"] == "Марія; Іван"
    assert values["age"] is None
    assert record.extra == {"school": "Гімназія №0"}
    assert record.raw_json.startswith('{"record_id":" TST-1 ","given_name":"Олесь\u00a0"')
    assert record.content_hash == content_hash(record.values, record.extra)


def test_every_problem_of_a_row_is_reported_with_line_and_field() -> None:
    converter = RowConverter(CANONICAL, file="f.csv")
    converter.check_columns(HEADER.split(","))
    raw = dict.fromkeys(HEADER.split(","), "") | {"sex": "так", "birth_date": "31.02.2014"}
    problems = converter.convert(7, raw)
    assert isinstance(problems, list)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("f.csv", 7, "sex"),
        ("f.csv", 7, "birth_date"),
        ("f.csv", 7, "record_id"),
    ]
    assert "record_id is missing" in str(problems[-1])


def test_values_longer_than_their_column_are_refused_not_cut() -> None:
    converter = RowConverter(CANONICAL, file="f.csv")
    converter.check_columns(["record_id", "family_name"])
    [problem] = converter.convert(2, {"record_id": "A", "family_name": "Я" * 201})
    assert problem.field == "family_name" and "longer than 200" in problem.message


@pytest.mark.parametrize(
    ("columns", "message", "field"),
    [
        (["id", "given_name"], "no record_id column", "record_id"),
        (["TST-1", "Олесь", "Вигаденко"], "no record_id column", "record_id"),
        (["record_id", "Birth_Date"], "looks like 'birth_date'", "Birth_Date"),
        (["record_id", "given name"], "looks like 'given_name'", "given name"),
    ],
)
def test_wrong_or_missing_headers(columns: list[str], message: str, field: str) -> None:
    with pytest.raises(Invalid, match=message) as caught:
        RowConverter(CANONICAL, file="f.csv").check_columns(columns)
    assert (caught.value.file, caught.value.line, caught.value.field) == ("f.csv", 1, field)


def test_a_mapped_layout() -> None:
    mapping = load_mapping(DATA / "family_form.toml")
    converter = RowConverter(mapping, file="family_form.csv")
    columns = ["№", "Код", "Прізвище", "Ім'я", "Стать", "Дата народження", "Місто",
               "Примітка оператора"]  # fmt: skip
    converter.check_columns(columns)
    raw = dict(zip(columns, ["2", "FR-2", "Тестова", "Дарина", "2", "03/2016", "Мелітополь",
                             "дзвонила мати"], strict=True))  # fmt: skip
    values = convert(converter, 3, raw).as_dict()
    assert values["record_id"] == "FR-2"
    assert values["sex"] == "F"
    assert values["birth_date"] == "2016-03"
    assert values["birth_region"] == "Невідома область"
    assert convert(converter, 3, raw).extra == {"Примітка оператора": "дзвонила мати"}


def test_a_mapping_naming_a_column_the_file_lacks(write: Write) -> None:
    mapping = load_mapping(write("m.toml", "[columns]\n'Код' = 'record_id'\n'Стать' = 'sex'\n"))
    with pytest.raises(Invalid, match="which the file does not have") as caught:
        RowConverter(mapping, file="f.csv").check_columns(["Код", "Прізвище"])
    assert caught.value.field == "Стать"


def test_a_constant_and_a_column_for_the_same_field_conflict(write: Write) -> None:
    mapping = load_mapping(write("m.toml", "[constants]\nsex = 'F'\n"))
    with pytest.raises(Invalid, match="both"):
        RowConverter(mapping, file="f.csv").check_columns(["record_id", "sex"])


def test_an_invalid_constant_names_the_mapping(write: Write) -> None:
    path = write("m.toml", "[constants]\nbirth_date = 'last spring'\n")
    with pytest.raises(Invalid) as caught:
        RowConverter(load_mapping(path), file="f.csv")
    assert caught.value.field == "constants.birth_date" and caught.value.file == "m.toml"


def test_json_rows_carry_their_own_keys() -> None:
    converter = RowConverter(CANONICAL, file="f.jsonl")
    record = convert(converter, 1, {"record_id": 102, "age": 12, "birth_date": 2011, "x": None})
    assert record.record_id == "102"
    assert record.as_dict()["age"] == 12
    assert record.as_dict()["birth_date"] == "2011"
    assert record.extra is None
    [problem] = converter.convert(2, {"record_id": "A", "Given_Name": "x"})
    assert problem.field == "Given_Name" and problem.line == 2


def test_the_hash_ignores_spelling_that_normalises_the_same() -> None:
    converter = RowConverter(CANONICAL, file="f.csv")
    converter.check_columns(["record_id", "birth_date", "sex"])
    a = convert(converter, 2, {"record_id": "A", "birth_date": "09.03.2014", "sex": "ч"})
    b = convert(converter, 3, {"record_id": "A ", "birth_date": "2014-03-09", "sex": "M"})
    c = convert(converter, 4, {"record_id": "A", "birth_date": "2014-03", "sex": "M"})
    assert a.content_hash == b.content_hash != c.content_hash
    assert a.raw_json != b.raw_json


def test_list_rows_and_dict_rows_convert_alike() -> None:
    columns = [*HEADER.split(","), "school", "Примітка"]
    values = ["TST-1", 'Ол"есь\\', "Вигаденко", "", "ч", "09.03.2014", "", "", "", "", "",
              "", "", "", "рядок\nдругий", "Гімназія", "\t"]  # fmt: skip
    by_header = RowConverter(CANONICAL, file="f.csv")
    by_header.check_columns(columns)
    from_list = by_header.convert(2, values)
    from_dict = RowConverter(CANONICAL, file="f.csv").convert(
        2, dict(zip(columns, values, strict=True))
    )
    assert isinstance(from_list, Record) and isinstance(from_dict, Record)
    # The raw hash is of the list for list rows (the header counted once), of the JSON else.
    assert from_list._replace(raw_hash="") == from_dict._replace(raw_hash="")
    assert json.loads(from_list.raw_json) == dict(zip(columns, values, strict=True))
    assert by_header.key(2, values) == (2, "TST-1", from_list.raw_hash)


def test_the_raw_hash_follows_the_row_the_layout_and_the_header() -> None:
    def raw_hash(columns: list[str], values: list[str], mapping: object = CANONICAL) -> str:
        converter = RowConverter(mapping, file="f.csv")  # type: ignore[arg-type]
        converter.check_columns(columns)
        record = converter.convert(2, values)
        assert isinstance(record, Record)
        assert converter.key(2, values) == (2, record.record_id, record.raw_hash)
        return record.raw_hash

    base = raw_hash(["record_id", "sex"], ["A", "ч"])
    assert raw_hash(["record_id", "sex"], ["A", "ч"]) == base
    assert raw_hash(["record_id", "sex"], ["A", "M"]) != base  # same record, other spelling
    assert raw_hash(["record_id", "notes"], ["A", "ч"]) != base  # other header
    mapped = Mapping(name="m.toml", values={"sex": {"ч": "M"}})
    assert raw_hash(["record_id", "sex"], ["A", "ч"], mapped) != base  # other layout


def test_keys_of_bad_rows_are_problems() -> None:
    converter = RowConverter(CANONICAL, file="f.csv")
    converter.check_columns(["record_id", "sex"])
    [problem] = converter.key(3, ["", "ч"])
    assert (problem.line, problem.field) == (3, "record_id")
    [problem] = converter.key(4, ["Я" * 201, "ч"])
    assert "longer than 200" in problem.message
    [problem] = RowConverter(CANONICAL, file="f.jsonl").key(5, {"notes": "x"})
    assert problem.message == "record_id is missing"

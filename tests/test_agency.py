"""Canonical agency names: normalisation, abbreviations, the missing city prefix, region and level."""

from __future__ import annotations

import itertools

import pytest

from tests.expected_cases import SAMPLES, SEEDS, expected_for, needs_shared
from gknb.transform.agency import (
    admin_level, canonical_agency, canonical_names, divisions, normalise, region, restore_city_prefix,
)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("鹤岗市卫健委", "鹤岗市卫生健康委员会"),
        ("杭州市西湖区 卫健局", "杭州市西湖区卫生健康局"),
        ("南京市发改委", "南京市发展和改革委员会"),
        ("苏州市人社局", "苏州市人力资源和社会保障局"),
        ("淮安市市监局", "淮安市市场监督管理局"),
        ("洪泽区政府", "洪泽区人民政府"),
        ("淮安市洪泽区\u3000人民政府", "淮安市洪泽区人民政府"),
        ("  重庆市九龙坡区卫生健康委员会\n", "重庆市九龙坡区卫生健康委员会"),
        ("北京市(朝阳区)人民政府", "北京市（朝阳区）人民政府"),
        # not abbreviations: left as printed
        ("国家市场监督管理总局", "国家市场监督管理总局"),
        ("淮安市文旅局", "淮安市文旅局"),
        ("卫健委员会办公室", "卫健委员会办公室"),
    ],
)
def test_normalise(printed, canonical):
    assert normalise(printed) == canonical


@pytest.mark.parametrize(
    ("name", "divs", "level"),
    [
        ("淮安市洪泽区人民政府", ("淮安市", "洪泽区"), "county"),
        ("鹤岗市卫生健康委员会", ("鹤岗市",), "prefecture"),
        ("北京市卫生健康委员会", ("北京市",), "province"),
        ("重庆市九龙坡区卫生健康委员会", ("重庆市", "九龙坡区"), "county"),
        ("江苏省人民政府办公厅", ("江苏省",), "province"),
        ("苏州市昆山市人民政府", ("苏州市", "昆山市"), "county"),
        ("沛县人民政府", ("沛县",), "county"),
        ("高良涧街道办事处", ("高良涧街道",), "township"),
        ("黔东南苗族侗族自治州人民政府", ("黔东南苗族侗族自治州",), "prefecture"),
        ("内蒙古自治区鄂尔多斯市东胜区人民政府", ("内蒙古自治区", "鄂尔多斯市", "东胜区"), "county"),
        ("鹤岗市市场监督管理局", ("鹤岗市",), "prefecture"),
        ("住房和城乡建设局", (), None),
        ("国家市场监督管理总局", (), None),
        ("教育部", (), None),
    ],
)
def test_divisions_region_and_level(name, divs, level):
    assert divisions(name) == divs
    assert region(name) == ("".join(divs) or None)
    assert admin_level(name) == level


def test_missing_city_prefix_restored_from_context():
    assert restore_city_prefix("洪泽区人民政府", ["淮安市洪泽区人民政府办公室"]) == "淮安市洪泽区人民政府"
    # a department of the same district is completed by any name that places the district
    assert restore_city_prefix("洪泽区卫生健康局", ["淮安市洪泽区人民政府"]) == "淮安市洪泽区卫生健康局"
    # township -> district -> city, one step at a time
    assert restore_city_prefix("高良涧街道办事处", ["淮安市洪泽区高良涧街道办事处", "淮安市洪泽区人民政府"]) == (
        "淮安市洪泽区高良涧街道办事处"
    )


def test_prefix_not_restored_when_ambiguous_or_not_below_prefecture():
    # 鼓楼区 is in several cities: no guess
    assert restore_city_prefix("鼓楼区人民政府", ["南京市鼓楼区人民政府", "福州市鼓楼区人民政府"]) == "鼓楼区人民政府"
    # a city does not get its province
    assert restore_city_prefix("鹤岗市卫生健康委员会", ["黑龙江省鹤岗市人民政府"]) == "鹤岗市卫生健康委员会"
    # nothing in the context places the district
    assert restore_city_prefix("洪泽区人民政府", ["淮安市人民政府", "洪泽区教育局"]) == "洪泽区人民政府"


def test_canonical_agency_uses_metadata_names_as_context():
    meta = {"发布机构": "淮安市洪泽区人民政府办公室", "成文日期": "2024-01-20"}
    assert canonical_agency("洪泽区 政府", meta.values()) == "淮安市洪泽区人民政府"


def test_canonical_names_do_not_depend_on_order():
    names = ["洪泽区人民政府", "淮安市洪泽区人民政府", "洪泽区卫生健康局", "淮安市洪泽区教育局", "鼓楼区人民政府"]
    results = {tuple(sorted(canonical_names(p).items())) for p in itertools.permutations(names)}
    assert len(results) == 1
    mapping = dict(next(iter(results)))
    assert mapping["洪泽区人民政府"] == mapping["淮安市洪泽区人民政府"] == "淮安市洪泽区人民政府"
    assert mapping["洪泽区卫生健康局"] == "淮安市洪泽区卫生健康局"
    assert mapping["鼓楼区人民政府"] == "鼓楼区人民政府"


@needs_shared
def test_expected_canonical_names_of_seeds_and_samples():
    cases = [expected_for(p) for p in SEEDS + SAMPLES]
    with_canonical = [c for c in cases if "agency_canonical" in c]
    assert len(with_canonical) >= 3  # seed 003 and both hongze samples
    # One source (the samples folder) is each report's context, as the warehouse does it.
    mapping = canonical_names(normalise(c["agency"]) for c in with_canonical if c["source"].startswith("hongze"))
    for case in with_canonical:
        name = normalise(case["agency"])
        got = mapping.get(name, name)
        assert got == case["agency_canonical"], case["source"]

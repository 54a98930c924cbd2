"""Graphs for the view and analytics tests: a small sample, and the real graph built once.

The sample is a KnowledgeGraph in the builder's shape whose every entity, label and quote the
tests know, including a hostile label (`<img src=x onerror=…>`) and quote that the curated
sources would never contain. `synthetic_model(n)` is a graph of any size shaped like the real
one, for the benchmark and the large-graph browser test. `built_dist()` is the real curated graph, for the
checks a reader would make (浙里办 by any name, 三金工程 to 国家数据局).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from graph_build import Claim, KnowledgeGraph, SourceLocation
from ontology import IriLayout
from ontology.namespaces import DGO

REPO = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/dgkg/resource/"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = "</script><script>alert(2)</script><b>bold</b>"

ONTOLOGY = """
@prefix dgo: <https://w3id.org/dgkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
dgo:Agent a owl:Class ; rdfs:label "行为者"@zh-Hans, "Agent"@en .
dgo:Organization rdfs:subClassOf dgo:Agent ; rdfs:label "组织"@zh-Hans, "Organization"@en .
dgo:GovernmentBody rdfs:subClassOf dgo:Organization ; rdfs:label "政府机构"@zh-Hans, "government body"@en .
dgo:CentralGovernmentBody rdfs:subClassOf dgo:GovernmentBody ; rdfs:label "中央政府机构"@zh-Hans, "central government body"@en .
dgo:ProvincialGovernmentBody rdfs:subClassOf dgo:GovernmentBody ;
    rdfs:label "省级政府机构"@zh-Hans, "provincial government body"@en .
dgo:Place a owl:Class ; rdfs:label "地点"@zh-Hans, "Place"@en .
dgo:AdministrativeRegion rdfs:subClassOf dgo:Place ; rdfs:label "行政区"@zh-Hans, "administrative region"@en .
dgo:Province rdfs:subClassOf dgo:AdministrativeRegion ; rdfs:label "省级行政区"@zh-Hans, "province"@en .
dgo:City rdfs:subClassOf dgo:AdministrativeRegion ; rdfs:label "城市"@zh-Hans, "city"@en .
dgo:DigitalPlatform a owl:Class ; rdfs:label "数字平台"@zh-Hans, "digital platform"@en .
dgo:MobileApplication rdfs:subClassOf dgo:DigitalPlatform ; rdfs:label "移动应用"@zh-Hans, "mobile application"@en .
dgo:Programme a owl:Class ; rdfs:label "工程"@zh-Hans, "programme"@en .
dgo:ProgrammeGroup rdfs:subClassOf dgo:Programme ; rdfs:label "工程群"@zh-Hans, "programme group"@en .
dgo:Initiative a owl:Class ; rdfs:label "举措"@zh-Hans, "initiative"@en .
dgo:Reform rdfs:subClassOf dgo:Initiative ; rdfs:label "改革"@zh-Hans, "reform"@en .
dgo:Event a owl:Class ; rdfs:label "事件"@zh-Hans, "event"@en .
dgo:OrganizationalChange rdfs:subClassOf dgo:Event ; rdfs:label "机构变革"@zh-Hans, "organisational change"@en .
dgo:Meeting rdfs:subClassOf dgo:Event ; rdfs:label "会议"@zh-Hans, "meeting"@en .
dgo:Document a owl:Class ; rdfs:label "文献"@zh-Hans, "document"@en .
dgo:PolicyDocument rdfs:subClassOf dgo:Document ; rdfs:label "政策文件"@zh-Hans, "policy document"@en .
dgo:SourceDocument rdfs:subClassOf dgo:Document ; rdfs:label "来源文献"@zh-Hans, "source document"@en .
dgo:Periodisation a owl:Class ; rdfs:label "分期"@zh-Hans, "periodisation"@en .
dgo:Stage a owl:Class ; rdfs:label "阶段"@zh-Hans, "stage"@en .
dgo:Concept a owl:Class ; rdfs:label "概念"@zh-Hans, "concept"@en .
dgo:memberOf rdfs:label "成员属于"@zh-Hans, "member of"@en .
dgo:operatedBy rdfs:label "运营方"@zh-Hans, "operated by"@en .
dgo:region rdfs:label "所在地区"@zh-Hans, "region"@en .
dgo:jurisdiction rdfs:label "管辖区域"@zh-Hans, "jurisdiction"@en .
dgo:withinRegion rdfs:label "位于"@zh-Hans, "within region"@en .
dgo:implementedThrough rdfs:label "通过…实施"@zh-Hans, "implemented through"@en .
dgo:stageOf rdfs:label "所属分期"@zh-Hans, "stage of"@en .
dgo:nextStage rdfs:label "下一阶段"@zh-Hans, "next stage"@en .
dgo:openedBy rdfs:label "开启标志"@zh-Hans, "opened by"@en .
dgo:resultingOrganization rdfs:label "产生机构"@zh-Hans, "resulting organization"@en .
dgo:initiatedBy rdfs:label "发起者"@zh-Hans, "initiated by"@en .
dgo:addresses rdfs:label "针对"@zh-Hans, "addresses"@en .
dgo:launchYear rdfs:label "上线年份"@zh-Hans, "launch year"@en .
dgo:foundingYear rdfs:label "成立年份"@zh-Hans, "founding year"@en .
dgo:startYear rdfs:label "起始年份"@zh-Hans, "start year"@en .
dgo:endYear rdfs:label "结束年份"@zh-Hans, "end year"@en .
dgo:issuedYear rdfs:label "发布年份"@zh-Hans, "year issued"@en .
dgo:year rdfs:label "年份"@zh-Hans, "year"@en .
dgo:stageNumber rdfs:label "阶段序号"@zh-Hans, "stage number"@en .
"""

# slug, class, zh-Hans, en, alt labels {lang: [..]}, definition (en)
ENTITIES: list[tuple[str, str, str, str, dict[str, list[str]], str]] = [
    ("sample-article", "SourceDocument", "样例文章", "Sample article", {}, "The source of every sample fact."),
    (
        "three-golden-projects",
        "ProgrammeGroup",
        "三金工程",
        "Three Golden Projects",
        {"zh-Hant": ["三金工程"]},
        "The 1993 group of informatisation projects.",
    ),
    (
        "golden-bridge-project",
        "Programme",
        "金桥工程",
        "Golden Bridge Project",
        {"zh-Hant": ["金橋工程"]},
        "The national public economic information network.",
    ),
    ("zhejiang", "Province", "浙江省", "Zhejiang", {"zh-Hans": ["浙江"]}, "A coastal province."),
    ("hangzhou", "City", "杭州市", "Hangzhou", {"zh-Hans": ["杭州"]}, "The capital of Zhejiang."),
    (
        "zhejiang-big-data-bureau",
        "ProvincialGovernmentBody",
        "浙江省大数据发展管理局",
        "Zhejiang Big Data Development Administration",
        {},
        "Zhejiang's data bureau.",
    ),
    (
        "zheliban",
        "MobileApplication",
        "浙里办",
        "Zheliban",
        {"zh-Hant": ["浙裏辦"], "en": ["Zhelibang"]},
        "Zhejiang's integrated mobile app for government services.",
    ),
    (
        "run-at-most-once",
        "Reform",
        "最多跑一次",
        "Run at Most Once",
        {"zh-Hant": ["最多跑一次"]},
        "Zhejiang's reform of administrative approval.",
    ),
    (
        "national-data-administration",
        "CentralGovernmentBody",
        "国家数据局",
        "National Data Administration",
        {"zh-Hant": ["國家數據局"]},
        "The body formed in 2023.",
    ),
    (
        "institutional-reform-plan-2023",
        "PolicyDocument",
        "党和国家机构改革方案",
        "Plan for Reforming Party and State Institutions",
        {},
        "The 2023 plan.",
    ),
    (
        "nda-founding",
        "OrganizationalChange",
        "组建国家数据局",
        "Formation of the National Data Administration",
        {},
        "The 2023 re-organisation.",
    ),
    ("three-stage-periodisation", "Periodisation", "三阶段论", "Three-stage periodisation", {}, "A periodisation."),
    ("stage-informatisation", "Stage", "信息化阶段", "Informatisation stage", {}, "The first stage."),
    ("stage-e-government", "Stage", "电子政务阶段", "E-government stage", {}, "The second stage."),
    ("stage-digital-government", "Stage", "数字政府阶段", "Digital government stage", {}, "The third stage."),
    ("hostile-concept", "Concept", HOSTILE, HOSTILE, {"zh-Hant": [HOSTILE + "繁"]}, HOSTILE),
    ("hostile-meeting", "Meeting", HOSTILE + "会议", HOSTILE + " meeting", {}, HOSTILE),
    ("lonely-concept", "Concept", "孤立概念", "Isolated concept", {}, "A concept with no links."),
]

# subject, property, object (slug or year int), quote
FACTS: list[tuple[str, str, object, str]] = [
    ("golden-bridge-project", "memberOf", "three-golden-projects", "金桥工程是三金工程之一"),
    ("three-golden-projects", "startYear", 1993, "1993年启动三金工程"),
    ("golden-bridge-project", "launchYear", 1993, "1993年启动金桥工程"),
    ("hangzhou", "withinRegion", "zhejiang", "浙江省杭州市"),
    ("zhejiang-big-data-bureau", "jurisdiction", "zhejiang", "浙江省大数据发展管理局"),
    ("zhejiang-big-data-bureau", "foundingYear", 2018, "2018年组建浙江省大数据发展管理局"),
    ("zheliban", "region", "zhejiang", "浙江的“浙里办”"),
    ("zheliban", "operatedBy", "zhejiang-big-data-bureau", "建设“浙里办”政务服务平台"),
    ("zheliban", "launchYear", 2014, "2014年6月,浙江政务服务网上线"),
    ("run-at-most-once", "region", "hangzhou", "杭州的最多跑一次改革"),
    ("run-at-most-once", "implementedThrough", "zheliban", "依托浙里办推进最多跑一次"),
    ("run-at-most-once", "startYear", 2016, "2016年提出最多跑一次"),
    ("institutional-reform-plan-2023", "issuedYear", 2023, "2023年3月印发《党和国家机构改革方案》"),
    ("nda-founding", "initiatedBy", "institutional-reform-plan-2023", "方案提出组建国家数据局"),
    ("nda-founding", "resultingOrganization", "national-data-administration", "组建国家数据局"),
    ("nda-founding", "year", 2023, "2023年组建国家数据局"),
    ("national-data-administration", "foundingYear", 2023, "2023年组建国家数据局"),
    ("stage-informatisation", "stageOf", "three-stage-periodisation", "第一阶段"),
    ("stage-e-government", "stageOf", "three-stage-periodisation", "第二阶段"),
    ("stage-digital-government", "stageOf", "three-stage-periodisation", "第三阶段"),
    ("stage-informatisation", "nextStage", "stage-e-government", "此后进入电子政务阶段"),
    ("stage-e-government", "nextStage", "stage-digital-government", "此后进入数字政府阶段"),
    ("stage-informatisation", "openedBy", "three-golden-projects", "以三金工程为标志"),
    ("stage-digital-government", "openedBy", "institutional-reform-plan-2023", "以机构改革方案为标志"),
    ("stage-informatisation", "startYear", 1993, "1993年至2001年"),
    ("stage-informatisation", "endYear", 2001, "1993年至2001年"),
    ("stage-e-government", "startYear", 2002, "2002年至2014年"),
    ("stage-e-government", "endYear", 2014, "2002年至2014年"),
    ("stage-digital-government", "startYear", 2015, "2015年以来"),
    ("hostile-concept", "addresses", "zheliban", HOSTILE_QUOTE),
    ("hostile-meeting", "year", 2020, HOSTILE_QUOTE),
]

DATATYPE_PROPERTIES = {"startYear", "endYear", "launchYear", "foundingYear", "issuedYear", "year"}


def sample_graph() -> KnowledgeGraph:
    """The sample graph, in the builder's shape."""
    names = IriLayout(BASE)
    ontology = Graph().parse(data=ONTOLOGY, format="turtle")
    source = names.resource("sample-article")
    claims: list[Claim] = []
    entities = list(ENTITIES)
    facts = list(FACTS)
    for slug, cls, zh, en, alt, definition in entities:
        subject = names.resource(slug)
        triples = [
            (subject, RDF.type, DGO[cls]),
            (subject, SKOS.prefLabel, Literal(zh, lang="zh-Hans")),
            (subject, SKOS.prefLabel, Literal(en, lang="en")),
            (subject, RDFS.label, Literal(zh, lang="zh-Hans")),
            (subject, SKOS.definition, Literal(definition, lang="en")),
        ]
        for lang, values in alt.items():
            triples += [(subject, SKOS.altLabel, Literal(value, lang=lang)) for value in values]
        claims.append(
            Claim(
                iri=names.claim(f"entity-{slug}"),
                triples=triples,
                source=source,
                record=SourceLocation("sample.yaml", len(claims) + 1),
                quote=zh,
                quote_lang="zh-Hans",
                locator="¶1",
            )
        )
    for index, (subject, prop, value, quote) in enumerate(facts):
        obj: URIRef | Literal
        if prop in DATATYPE_PROPERTIES:
            obj = Literal(str(value), datatype=XSD.gYear)
        else:
            obj = names.resource(str(value))
        claims.append(
            Claim(
                iri=names.claim(f"fact-{index:05d}"),
                triples=[(names.resource(subject), DGO[prop], obj)],
                source=source,
                record=SourceLocation("sample.yaml", 100 + index),
                quote=quote,
                quote_lang="zh-Hans",
                locator=f"¶{index + 2}",
            )
        )
    return KnowledgeGraph(names=names, ontology=ontology, claims=claims)


def write_sample_dist(dist: Path) -> KnowledgeGraph:
    """A dist/ as `dgkg build` writes it (RDF artifacts, the store, then the views), from the sample graph."""
    from graph_build import BuildReport, write_dist
    from queries import write_store
    from viz import write_build_views

    graph = sample_graph()
    write_dist(graph, BuildReport(), dist, [("store", lambda _, out: write_store(out)), ("views", write_build_views)])
    return graph


# --- a synthetic graph shaped like the real one ------------------------------------------------

SYNTHETIC_ONTOLOGY = (
    ONTOLOGY
    + """
dgo:Statistic a owl:Class ; rdfs:label "统计数据"@zh-Hans, "statistic"@en .
dgo:Case a owl:Class ; rdfs:label "案例"@zh-Hans, "case"@en .
dgo:characteristic rdfs:label "特征"@zh-Hans, "characteristic"@en .
dgo:related rdfs:label "相关"@zh-Hans, "related"@en .
dgo:involves rdfs:label "涉及"@zh-Hans, "involves"@en .
dgo:partOf rdfs:label "是……的一部分"@zh-Hans, "part of"@en .
dgo:caseOf rdfs:label "案例地点"@zh-Hans, "case of"@en .
dgo:statisticAbout rdfs:label "统计对象"@zh-Hans, "statistic about"@en .
dgo:value rdfs:label "数值"@zh-Hans, "value"@en .
dgo:unit rdfs:label "单位"@zh-Hans, "unit"@en .
"""
)
# top-class mix, links per entity and literal facts as in the curated graph (624 entities,
# 893 links, a hub of degree 35, 6% unlinked, half the literal facts a zh/en pair of one claim)
SYNTHETIC_CLASSES = [
    ("Concept", "概念", 35),
    ("ProvincialGovernmentBody", "机构", 20),
    ("MobileApplication", "平台", 9),
    ("PolicyDocument", "文件", 6),
    ("Statistic", "统计", 5),
    ("Case", "案例", 5),
    ("City", "城市", 5),
    ("Reform", "改革", 5),
    ("Programme", "工程", 4),
    ("Stage", "阶段", 3),
    ("Meeting", "会议", 3),
]
LINKS_PER_ENTITY = [0] * 6 + [1] * 40 + [2] * 30 + [3] * 15 + [4] * 9
LINK_PROPERTIES = ["related", "involves", "partOf", "addresses", "implementedThrough", "initiatedBy"]
SYNTHETIC_SOURCES = ["sample-article", "synthetic-source-b", "synthetic-source-c", "synthetic-source-d"]


def synthetic_model(n: int, seed: int = 7):
    """A ReadModel of `n` entities shaped like the real graph, built directly (not through RDF,
    whose provenance graph alone takes minutes at 50,000 entities): classes in the real mix,
    preferential attachment (hubs), places that others lie in, years, zh/en literal pairs, and
    every fact with a source, a paragraph and a quote."""
    from model import Entity, Evidence, Fact, ReadModel, Vocabulary

    rng = random.Random(seed)
    dgo = str(DGO)
    vocabulary = Vocabulary.from_triples(Graph().parse(data=SYNTHETIC_ONTOLOGY, format="turtle"))
    weights = [w for _, _, w in SYNTHETIC_CLASSES]
    entities: dict[str, Entity] = {}
    facts: list[Fact] = []
    ends: list[str] = []  # every link end once per link: choosing from it is preferential attachment
    places: list[str] = []
    is_place: set[str] = set()
    counter = Counter[str]()

    def evidence(slug: str, what: str) -> Evidence:
        counter["claims"] += 1
        source = SYNTHETIC_SOURCES[counter["claims"] % len(SYNTHETIC_SOURCES)]
        return Evidence(
            claim=f"{BASE}claim/synthetic-{counter['claims']:06d}",
            source=source,
            quote=f"关于{slug}的{what}原文",
            locator=f"¶{1 + counter['claims'] % 120}",
        )

    for index in range(n):
        cls, noun, _ = rng.choices(SYNTHETIC_CLASSES, weights)[0]
        slug = f"synthetic-{index:05d}"
        entities[slug] = Entity(
            slug=slug,
            iri=BASE + slug,
            cls=dgo + cls,
            labels={"zh-hans": f"{noun}{index}", "en": f"{cls} {index}"},
            definitions={"en": f"Synthetic {cls} number {index}."},
            declared_by=evidence(slug, "名称"),
        )
        targets = {rng.choice(ends) for _ in range(rng.choice(LINKS_PER_ENTITY))} if ends else set()
        if places and rng.random() < 0.2:
            targets.add(rng.choice(places))
        for target in sorted(targets):
            prop = "withinRegion" if target in is_place else rng.choice(LINK_PROPERTIES)
            facts.append(Fact(slug, dgo + prop, evidence(slug, prop), target=target))
            ends += [slug, target]
        if not targets:
            ends.append(slug)
        if cls == "City":
            places.append(slug)
            is_place.add(slug)
        if rng.random() < 0.5:
            pair = evidence(slug, "特征")
            facts.append(Fact(slug, dgo + "characteristic", pair, value=f"特征{index}", lang="zh-Hans"))
            facts.append(Fact(slug, dgo + "characteristic", pair, value=f"trait {index}", lang="en"))
        if cls in ("Reform", "Programme", "PolicyDocument", "Meeting", "MobileApplication", "Stage"):
            facts.append(
                Fact(slug, dgo + "startYear", evidence(slug, "年份"), value=str(1993 + index % 31), datatype=str(XSD.gYear))
            )
        if cls == "Statistic":
            facts.append(Fact(slug, dgo + "value", evidence(slug, "数值"), value=f"{index * 7}.0", datatype=str(XSD.decimal)))
    titles = {source: f"Source {source}" for source in SYNTHETIC_SOURCES}
    return ReadModel(BASE, vocabulary, entities, facts, titles)

#!/usr/bin/env python3
"""Regenerates the seed corpora under fuzz/corpus/ from the product itself.

    fuzz/make_seeds.py [build/sunlit]

CSV seeds come from `sunlit gen`, XLSX seeds from `sunlit export … --format xlsx` of those
rows and from a hand-built workbook (the XML of src/io/xlsx_reader_test.cc's HandBuiltWorkbook:
shared strings, rich text, styles, dates, numbers, a hidden sheet); draw records from
`sunlit draw run` on fuzz/data/draw-pool.csv, assignment documents from docs/assignment.md's
example and a generated one, JSON bodies and the draw_run bytes from fixed values and seeded
pseudo-random numbers. Everything is the same on every run except the exported XLSX files,
which carry their creation time. The corpora are committed; run this only to refresh them.
"""
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
SUNLIT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else HERE.parent / "build" / "sunlit")
CORPUS = HERE / "corpus"
TODAY = "2026-11-23"

HANDBUILT = {
 "kWorkbook": "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"\n xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\n<workbookPr/>\n<sheets>\n <sheet name=\"说明\" sheetId=\"1\" state=\"hidden\" r:id=\"rId3\"/>\n <sheet name=\"名录\" sheetId=\"2\" r:id=\"rId1\"/>\n</sheets></workbook>",
 "kRels": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n<Relationship Id=\"rId1\" Target=\"worksheets/data.xml\"\n Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/>\n<Relationship Id=\"rId3\" Target=\"/xl/worksheets/hidden.xml\"\n Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/>\n<Relationship Id=\"rId2\" Target=\"sharedStrings.xml\"\n Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\"/>\n<Relationship Id=\"rId4\" Target=\"styles.xml\"\n Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\"/>\n</Relationships>",
 "kStyles": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\n<numFmts count=\"2\">\n<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>\n<numFmt numFmtId=\"165\" formatCode=\"0.00_);[Red]\\(0.00\\)\"/></numFmts>\n<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>\n<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>\n<xf numFmtId=\"49\"/></cellXfs>\n</styleSheet>",
 "kSharedStrings": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"6\"\n uniqueCount=\"6\">\n<si><t>统一社会信用代码</t></si>\n<si><r><rPr><b/></rPr><t>名</t></r><r><t xml:space=\"preserve\">称 </t></r></si>\n<si><t>检查日期</t></si>\n<si><t>长沙&amp;株洲</t><rPh sb=\"0\" eb=\"2\"><t>ちょうさ</t></rPh></si>\n<si><t>91430100MA4L1234XY</t></si>\n<si><t>line_x000D_\nbreak _x005F_x0041_</t></si>\n</sst>",
 "kSheet": "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\n<dimension ref=\"A2:E9\"/>\n<sheetData>\n<row r=\"1\"><c r=\"A1\" s=\"1\"/></row>\n<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>2</v></c>\n <c r=\"E2\" t=\"inlineStr\"><is><t>备注</t></is></c></row>\n<row r=\"3\"><c r=\"A3\" t=\"s\"><v>4</v></c><c r=\"B3\" t=\"s\"><v>3</v></c><c r=\"C3\" s=\"1\"><v>45658</v></c>\n <c r=\"E3\" t=\"b\"><v>1</v></c></row>\n<row r=\"4\"><c r=\"A4\"><v>1.2345678901234567E+17</v></c><c r=\"B4\" t=\"str\"><f>A1</f><v>公式</v></c>\n <c r=\"C4\" s=\"2\"><v>45658.5</v></c><c r=\"D4\" s=\"3\"><v>3.14</v></c><c r=\"E4\" t=\"e\"><v>#N/A</v></c>\n</row>\n<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c>\n <c r=\"H5\" t=\"inlineStr\"><is><t> </t></is></c></row>\n<row r=\"6\"><c r=\"A6\" t=\"s\"><v>5</v></c><c r=\"F6\" t=\"inlineStr\"><is><t>越界</t></is></c></row>\n<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>  </t></is></c></row>\n<row r=\"8\"><c><v>1</v></c><c><v>2</v></c><c r=\"E8\" t=\"b\"><v>0</v></c></row>\n<row r=\"9\"><c r=\"A9\" t=\"s\"><v>99</v></c></row>\n</sheetData></worksheet>",
 "kHiddenSheet": "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\n<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>hidden</t></is></c></row></sheetData></worksheet>"
}


def run(*args, **kw):
    return subprocess.run([str(SUNLIT), *args], check=True, capture_output=True, text=True, **kw)


def put(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def workbook(sheet, shared=HANDBUILT["kSharedStrings"]):
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", "<Types/>"),
                           ("xl/workbook.xml", HANDBUILT["kWorkbook"]),
                           ("xl/_rels/workbook.xml.rels", HANDBUILT["kRels"]),
                           ("xl/styles.xml", HANDBUILT["kStyles"]),
                           ("xl/sharedStrings.xml", shared),
                           ("xl/worksheets/data.xml", sheet),
                           ("xl/worksheets/hidden.xml", HANDBUILT["kHiddenSheet"])):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return buf.getvalue()


def xlsx_seeds(tmp):
    ent = tmp / "ent.csv"
    run("gen", "entities", "--count", "6", "--seed", "3", "--out", str(ent), "--today", TODAY)
    db = "sqlite:" + str(tmp / "s.db")
    run("import", "entities", str(ent), "--db", db, "--today", TODAY)
    for name, extra in (("export-entities-zh.xlsx", ["--chinese-headers"]),
                        ("export-entities-en.xlsx", [])):
        out = tmp / name
        run("export", "entities", "--format", "xlsx", "--out", str(out), "--db", db, *extra)
        put("xlsx", name, out.read_bytes())
    put("xlsx", "handbuilt-with-errors.xlsx", workbook(HANDBUILT["kSheet"]))
    clean = "\n".join(l for l in HANDBUILT["kSheet"].split("\n")
                      if 'r="6"' not in l and 'r="9"' not in l)
    put("xlsx", "handbuilt-clean.xlsx", workbook(clean))
    return ent


def csv_seeds(tmp, ent):
    data = ent.read_bytes()
    put("csv", "entities-utf8", b"\x00" + data)
    put("csv", "entities-bom-crlf-utf8", b"\x05\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    gbk = data.decode().encode("gbk")
    put("csv", "entities-gbk-forced", b"\x0a" + gbk)
    put("csv", "entities-gbk-auto", b"\x00" + gbk)
    insp = tmp / "insp.csv"
    run("gen", "inspectors", "--count", "3", "--seed", "3", "--out", str(insp))
    put("csv", "inspectors-utf8", b"\x11" + insp.read_bytes())
    put("csv", "quoted-multiline-blank",
        b"\x15" + 'code,name,address,note\n\n,,,,\n91430302NY31NN604U,"湘潭市雨湖区""好又多""超市",'
        '"雨湖区, 韶山路1号","第一行\r\n第二行"\n  \t \n924313811KCRRRWB1Y,冷水江市五福粮油经营部,,\n'
        .encode())
    put("csv", "field-count-and-stray-quote",
        b"\x01" + 'code,name\n91430302NY31NN604U,a,b\n924313811KCRRRWB1Y,"ok"x\n'
        '92433126J7E79W678D,好\n'.encode())
    put("csv", "unclosed-quote-small-limit",
        b"\x81code,name\n91430302NY31NN604U,\"never closed\n924313811KCRRRWB1Y,x\n")


def json_seeds():
    import json
    depth = b"\x1f"  # the nesting limit byte: 1 + 31 = 32, the server's own
    result = {"version": 3, "checked_on": "2026-09-28", "methods": ["on_site", "documents"],
              "category": "no_problem", "category_set": 1, "summary": "现场检查，证照齐全。\n复查无异常",
              "follow_up": "none", "follow_up_note": "",
              "items": [{"department": "SCJG", "item": "SCJG-001", "name": "营业执照公示情况",
                         "checked": True, "problems": "", "action": ""},
                        {"department": "XFJY", "item": "XF-003", "checked": False}]}
    put("json", "result-body", depth + json.dumps(result, ensure_ascii=False).encode())
    problem = dict(result, category="problem_ordered", follow_up="order_correction",
                   follow_up_note="责令七日内改正")
    problem["items"] = [{"department": "SCJG", "item": "SCJG-002", "checked": True,
                         "problems": "未按规定公示年报", "action": "责令改正"}]
    put("json", "result-body-problem", depth + json.dumps(problem, ensure_ascii=True).encode())
    generic = {"s": "湘潭", "os": "a\nb", "i": 42, "oi": -9007199254740993, "b": False,
               "e": "joint_industry", "d": "2026-02-28", "l": ["a", "bc"], "n": [1, 2, 9],
               "a": [{"k": 1}, {"k": 2}], "o": {"t": "x"}}
    put("json", "generic-reader", depth + json.dumps(generic, ensure_ascii=False).encode())
    put("json", "login", depth + b'{"username":"scjg.admin","password":"sunlit-demo-2026"}')
    put("json", "nested-limit", b"\x03" + b'{"a":[{"b":[1,{"c":[]}]}]}')
    put("json", "numbers-escapes", depth + b'[1e400,-0,1.5E-3,18446744073709551616,"\\u00e9\\ud83d\\ude00",null]')


DRAWS = [  # (name, draw_id, quotas, reserve, sources, secret)
    ("stratified", "XT-2026-0001", ["A:count:2", "B:bp:2500", "C:bp:1000"], 2,
     ["3 9 14 21 27 30 12", "7 0 4"], "1a218919436a30b4556a78ea6dc343e04d0fe86573ec1bf0fbac973f8460b4ab"),
    ("all-of-d-and-none", "湘潭市2026年第3批", ["D:bp:10000", ":count:0"], 0,
     ["5 12 33"], "00" * 31 + "01"),
    ("count-over-size", "XT-2026-0002", ["C:count:99"], 5, ["1", "2", "3"], "ff" * 32),
]


def draw_seeds(tmp):
    pool = HERE / "data" / "draw-pool.csv"
    for name, draw_id, quotas, reserve, sources, secret in DRAWS:
        out = tmp / (name + ".json")
        args = ["draw", "run", "--pool", str(pool), "--draw-id", draw_id, "--reserve",
                str(reserve), "--secret", secret, "--out", str(out)]
        for q in quotas:
            args += ["--quota", q]
        for src in sources:
            args += ["--source", src]
        run(*args)
        put("draw_record", name + ".json", out.read_bytes())


def draw_run_seeds():
    # FuzzedDataProvider input: its bytes become pool, quotas, reserve, sources, secret and
    # draw id (draw_run_fuzz.cc). Seeded pseudo-random bytes of a few sizes give pools from
    # one to eighty members; the draw id is taken from the front of the input.
    import random
    for size in (64, 400, 1500, 3000):
        rnd = random.Random(size)
        put("draw_run", "random-%d" % size, "XT-2026-0001".encode() + rnd.randbytes(size))


def assignment_seeds():
    # An assignment input document followed by three bytes choosing a tampering of the
    # result (assignment_fuzz.cc). The documented example, its infeasible variant, and a
    # larger input over the codes of the draw pool.
    import json
    import random
    import re
    doc = (HERE.parent / "docs" / "assignment.md").read_text()
    example = json.loads(re.findall(r"```json\n(.*?)```", doc, re.S)[0])
    put("assignment", "docs-example", json.dumps(example, ensure_ascii=False).encode() + b"\x01\x00\x01")
    five = json.loads(json.dumps(example))
    five["entities"].append({"code": "91430302TNWN4DY082", "jurisdiction_unit": "YH-01",
                             "conflicts": ["W02"], "previous_inspectors": []})
    put("assignment", "docs-infeasible", json.dumps(five, ensure_ascii=False).encode() + b"\x02\x03\x00")
    rnd = random.Random(6)
    codes = [l.split(",")[0] for l in (HERE / "data" / "draw-pool.csv").read_text().split("\n")[1:] if l]
    inspectors = []
    for d, n in (("SCJG", 12), ("XFJY", 6)):
        for k in range(n):
            inspectors.append({"code": "%s%02d" % (d[:2], k), "department": d,
                               "unit": "%s-%d" % (d, k % 3), "status": rnd.choice(["active"] * 5 + ["suspended"]),
                               "certificate_expiry": rnd.choice([None, "2026-01-31"] + ["2028-12-31"] * 6),
                               "qualifications": ["food"] + rnd.sample(["fire", "drugs"], rnd.randint(0, 2)),
                               "current_load": rnd.randint(0, 6)})
    entities = [{"code": c, "jurisdiction_unit": "SCJG-%d" % rnd.randint(0, 2),
                 "conflicts": rnd.sample([i["code"] for i in inspectors], rnd.randint(0, 2)),
                 "previous_inspectors": rnd.sample([i["code"] for i in inspectors], rnd.randint(0, 1))}
                for c in codes[:30]]
    big = {"protocol": "sunlit-assign-v1", "seed": "%064x" % rnd.getrandbits(256),
           "check_date": "2026-06-01", "team": {"SCJG": 2, "XFJY": 1},
           "required_qualifications": {"SCJG": ["food"]}, "cross_unit": True, "workload_cap": 4,
           "allow_previous": False, "inspectors": inspectors, "entities": entities}
    put("assignment", "thirty-entities", json.dumps(big, ensure_ascii=False).encode() + b"\x04\x07\x02")


def main():
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        ent = xlsx_seeds(tmp)
        csv_seeds(tmp, ent)
        draw_seeds(tmp)
    json_seeds()
    draw_run_seeds()
    assignment_seeds()


if __name__ == "__main__":
    main()

"""Writes .xlsx workbooks with openpyxl or XlsxWriter for the reader corpus (tests/xlsx/corpus.test.ts).

  py-writers.py resave IN OUT            openpyxl: load and save unchanged
  py-writers.py openpyxl SPEC OUT        a workbook from a JSON spec, written by openpyxl
  py-writers.py xlsxwriter SPEC OUT      the same, written by XlsxWriter (constant_memory: inline strings)

SPEC: {"date1904": bool, "tabs": [{"name": str, "cells": [{"row": r, "col": c, "kind": k, "value": v, "fmt": f}]}]}
kinds: text, number, bool, date (value ISO, shown with number format fmt), rich (value: list of runs),
formula (value: formula text, "cached": the cached result; XlsxWriter only).
"""
import datetime
import json
import sys


def iso_date(s):
    return datetime.date.fromisoformat(s)


def with_openpyxl(spec, out):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if spec.get("date1904"):
        wb.epoch = CALENDAR_MAC_1904
    for tab in spec["tabs"]:
        ws = wb.create_sheet(tab["name"])
        for c in tab["cells"]:
            cell = ws.cell(row=c["row"] + 1, column=c["col"] + 1)
            if c["kind"] == "date":
                cell.value = iso_date(c["value"])
                cell.number_format = c["fmt"]
            elif c["kind"] == "rich":
                cell.value = "".join(c["value"])
            else:
                cell.value = c["value"]
        for m in tab.get("merges", []):
            ws.merge_cells(m)
    wb.save(out)


def with_xlsxwriter(spec, out):
    import xlsxwriter

    wb = xlsxwriter.Workbook(out, {"constant_memory": spec.get("constantMemory", False), "date_1904": bool(spec.get("date1904")), "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {}
    bold = wb.add_format({"bold": True})

    def fmt(code):
        if code not in formats:
            formats[code] = wb.add_format({"num_format": code})
        return formats[code]

    for tab in spec["tabs"]:
        ws = wb.add_worksheet(tab["name"])
        # constant_memory needs rows in order
        for c in sorted(tab["cells"], key=lambda x: (x["row"], x["col"])):
            r, col, v, k = c["row"], c["col"], c["value"], c["kind"]
            if k == "date":
                ws.write_datetime(r, col, datetime.datetime.combine(iso_date(v), datetime.time()), fmt(c["fmt"]))
            elif k == "rich":
                parts = []
                for i, run in enumerate(v):
                    if i % 2 == 1:
                        parts.append(bold)
                    parts.append(run)
                if len(v) == 1:
                    ws.write_string(r, col, v[0])
                else:
                    ws.write_rich_string(r, col, *parts)
            elif k == "formula":
                ws.write_formula(r, col, v, None, c["cached"])
            elif k == "bool":
                ws.write_boolean(r, col, v)
            elif k == "number":
                ws.write_number(r, col, v)
            else:
                ws.write_string(r, col, v)
    wb.close()


def main():
    cmd = sys.argv[1]
    if cmd == "resave":
        import openpyxl

        openpyxl.load_workbook(sys.argv[2]).save(sys.argv[3])
        return
    with open(sys.argv[2], encoding="utf-8") as f:
        spec = json.load(f)
    (with_openpyxl if cmd == "openpyxl" else with_xlsxwriter)(spec, sys.argv[3])


main()

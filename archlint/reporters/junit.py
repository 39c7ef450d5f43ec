"""`--output-format junit`: JUnit XML, for CI systems that show test reports.

    <testsuites name="archlint" tests="2" failures="1" errors="0">
      <testsuite name="design.arch" tests="2" failures="1" errors="0" skipped="0">
        <testcase classname="design.arch" name="R001 single-point-of-failure">
          <failure message="database `orders` has 1 replica ..." type="R001">design.arch:3:10: ...</failure>
        </testcase>
        ...

A suite per file; in it a test case per rule with findings there, holding a failure per
finding; a file without findings is one passing test case. Suppressed findings are left out.
Run errors are an `archlint` suite of errored test cases. No times or host names: the same
run writes the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot carry at all, even escaped (lone surrogates: a file name that is
# not UTF-8).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _failure_text(finding) -> str:
    loc = finding.location
    lines = [f"{loc}: {finding.severity.value}[{finding.code}] {finding.rule}: {finding.message}"]
    if finding.help:
        lines.append(f"help: {finding.help}")
    for related in finding.related:
        lines.append(f"note: {related.message} at {related.location}")
    return "\n".join(lines)


def document(result) -> ET.Element:
    by_file: dict[str, list] = {file: [] for file in result.files}
    for finding in result.active:
        by_file.setdefault(finding.location.file, []).append(finding)

    root = ET.Element("testsuites", name="archlint")
    total_tests = total_failures = 0
    for file, findings in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_clean(file))
        by_rule: dict[str, list] = {}
        for finding in findings:
            by_rule.setdefault(finding.code, []).append(finding)
        if not by_rule:
            ET.SubElement(suite, "testcase", classname=_clean(file), name=_clean(file))
        for code in sorted(by_rule):
            rule_findings = by_rule[code]
            name = f"{code} {rule_findings[0].rule}".strip()
            case = ET.SubElement(suite, "testcase", classname=_clean(file), name=_clean(name))
            for finding in rule_findings:
                failure = ET.SubElement(case, "failure", message=_clean(finding.message), type=code)
                failure.text = _clean(_failure_text(finding))
        tests = max(1, len(by_rule))
        failures = sum(len(found) for found in by_rule.values())
        suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped="0")
        total_tests += tests
        total_failures += failures

    if result.errors:
        suite = ET.SubElement(root, "testsuite", name="archlint", tests=str(len(result.errors)), failures="0",
                              errors=str(len(result.errors)), skipped="0")
        for number, error in enumerate(result.errors, start=1):
            case = ET.SubElement(suite, "testcase", classname="archlint", name=f"run error {number}")
            element = ET.SubElement(case, "error", message=_clean(error), type="archlint-error")
            element.text = _clean(error)
    root.attrib.update(tests=str(total_tests + len(result.errors)), failures=str(total_failures),
                       errors=str(len(result.errors)))
    return root


def report(result, out, *, color: bool, context) -> None:
    root = document(result)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")

"""Quarterly performance packs: the report to the scrutiny committee, as a PDF and an Excel workbook.

snapshot.py gathers a quarter's general-release data into plain JSON; pdf.py (with charts.py) and
xlsx.py (with figures.py) render that snapshot and nothing else, so confidential content cannot
reach a file by another route. services.py holds the life cycle (request, build, publish, sweep,
download log), schedule.py the quarterly calendar run by beat, and selectors.py and rules.py say
who sees which pack.
"""

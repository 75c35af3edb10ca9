"""Stage 5, output: validation against schemas/ and the files written from a Plan (plan.json,
tasks.csv, indicators.csv, datapackage.json, plan.xlsx, tracker workbooks, iCalendar), every write
atomic."""

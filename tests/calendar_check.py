#!/usr/bin/env python3
"""Checks a calendar written by `followup calendar` against `followup agenda --all --json`,
with a real iCalendar parser (the `icalendar` package; Debian: python3-icalendar).

Usage: calendar_check.py CALENDAR.ics AGENDA.json
Exit status 0 when every open action is in the calendar exactly once, at its not_before,
with an alarm then, and nothing else is; 1 with the differences; 2 when the parser is missing.
"""
import json
import sys
from datetime import datetime, timedelta

try:
    import icalendar
except ImportError:
    sys.exit("calendar_check.py: the icalendar package is missing "
             "(apt-get install python3-icalendar, or pip install icalendar)")


def instant(text):
    return datetime.fromisoformat(text)


def main():
    calendar_path, agenda_path = sys.argv[1], sys.argv[2]
    with open(calendar_path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    with open(agenda_path) as f:
        agenda = json.load(f)
    problems = []
    if str(calendar.get("VERSION")) != "2.0":
        problems.append(f"VERSION is {calendar.get('VERSION')!r}")
    events = {}
    uids = set()
    for event in calendar.walk("VEVENT"):
        action = str(event.get("X-FOLLOWUP-ACTION"))
        if action in events:
            problems.append(f"{action} appears twice")
        events[action] = event
        uid = str(event.get("UID"))
        if uid in uids:
            problems.append(f"UID {uid} is used twice")
        uids.add(uid)
    actions = agenda["actions"]
    for action in actions:
        event = events.pop(action["id"], None)
        if event is None:
            problems.append(f"{action['id']} ({action['kind']}) is missing")
            continue
        start = event.decoded("DTSTART")
        if start != instant(action["not_before"]):
            problems.append(f"{action['id']}: starts {start}, not {action['not_before']}")
        if start.utcoffset() != timedelta(0):
            problems.append(f"{action['id']}: DTSTART is not in UTC")
        due = icalendar.vDDDTypes.from_ical(str(event.get("X-FOLLOWUP-DUE")))
        if due != instant(action["due"]):
            problems.append(f"{action['id']}: due {due}, not {action['due']}")
        if not str(event.get("SUMMARY", "")).strip():
            problems.append(f"{action['id']}: no summary")
        if action["why"] not in str(event.get("DESCRIPTION", "")):
            problems.append(f"{action['id']}: the description lacks the why")
        alarms = event.walk("VALARM")
        if len(alarms) != 1 or alarms[0].decoded("TRIGGER") != timedelta(0):
            problems.append(f"{action['id']}: no alarm at the start")
    for extra in events:
        problems.append(f"{extra} is in the calendar but not in the agenda")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"{len(actions)} actions, {len(uids)} events: all match")


if __name__ == "__main__":
    main()

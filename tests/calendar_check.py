#!/usr/bin/env python3
"""Checks a calendar written by `followup calendar` against `followup agenda --all --json`,
with a real iCalendar parser (the `icalendar` package; Debian: python3-icalendar).

Usage: calendar_check.py CALENDAR.ics AGENDA.json ZONE
Exit status 0 when every open action is in the calendar exactly once, and nothing else is: in a
half-hour slot of its own, in working hours (09:00 to 17:00 in ZONE) on a weekday, never before
it may start, with its due time in words, and an alarm only when the slot is still ahead of the
agenda's `now`; 1 with the differences; 2 when the parser is missing.
"""
import json
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

try:
    import icalendar
except ImportError:
    sys.exit("calendar_check.py: the icalendar package is missing "
             "(apt-get install python3-icalendar, or pip install icalendar)")


def instant(text):
    return datetime.fromisoformat(text)


def main():
    calendar_path, agenda_path, zone = sys.argv[1], sys.argv[2], ZoneInfo(sys.argv[3])
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
    now = instant(agenda["now"])
    starts = {}
    for action in actions:
        event = events.pop(action["id"], None)
        if event is None:
            problems.append(f"{action['id']} ({action['kind']}) is missing")
            continue
        start = event.decoded("DTSTART")
        if start < instant(action["not_before"]):
            problems.append(f"{action['id']}: starts {start}, before it may ({action['not_before']})")
        if start < now.replace(hour=0, minute=0) - timedelta(days=1):
            problems.append(f"{action['id']}: placed in the past, {start}")
        if start.utcoffset() != timedelta(0):
            problems.append(f"{action['id']}: DTSTART is not in UTC")
        local = start.astimezone(zone)
        end = event.decoded("DTEND").astimezone(zone)
        if local.weekday() >= 5 or local.time() < time(9) or end.time() > time(17) or end - local != timedelta(minutes=30):
            problems.append(f"{action['id']}: {local} to {end} is not a half hour of a working day")
        if start in starts:
            problems.append(f"{action['id']}: shares its slot {start} with {starts[start]}")
        starts[start] = action["id"]
        not_before = icalendar.vDDDTypes.from_ical(str(event.get("X-FOLLOWUP-NOT-BEFORE")))
        if not_before != instant(action["not_before"]):
            problems.append(f"{action['id']}: may start {not_before}, not {action['not_before']}")
        due = icalendar.vDDDTypes.from_ical(str(event.get("X-FOLLOWUP-DUE")))
        if due != instant(action["due"]):
            problems.append(f"{action['id']}: due {due}, not {action['due']}")
        if not str(event.get("SUMMARY", "")).strip():
            problems.append(f"{action['id']}: no summary")
        description = str(event.get("DESCRIPTION", ""))
        if action["why"] not in description:
            problems.append(f"{action['id']}: the description lacks the why")
        if "Due by " not in description and "Was due by " not in description:
            problems.append(f"{action['id']}: the description does not say when it is due")
        alarms = event.walk("VALARM")
        if start > now:
            if len(alarms) != 1 or alarms[0].decoded("TRIGGER") != timedelta(0):
                problems.append(f"{action['id']}: no alarm at the start, still ahead")
        elif alarms:
            problems.append(f"{action['id']}: an alarm for a slot already past ({start})")
    for extra in events:
        problems.append(f"{extra} is in the calendar but not in the agenda")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"{len(actions)} actions, {len(uids)} events: all match")


if __name__ == "__main__":
    main()

//! The rules of spec/programme.md, one application at a time, and the one rule that looks
//! across applications (`keep_searching`).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan, Zoned};

use super::{
    Action, ActionState, BusinessDays, Channel, Recipient, is_employer_facing, is_optional_letter,
    words,
};
use crate::capture::dates::long;
use crate::model::{
    ActionKind, Application, Done, EventKind, Interview, JobSearch, Key, Moment, NextSteps, Person,
    Profile, Settings, Stage, TimeZoneName, Timings,
};

/// What the rules need besides the application itself.
#[derive(Debug, Clone)]
pub struct Context {
    /// The profile's time zone: applications without their own use it.
    pub zone: TimeZone,
    pub business_days: BusinessDays,
    pub timings: Timings,
    /// Every application where the candidate accepted an offer, and when.
    pub acceptances: Vec<(Key, Timestamp)>,
}

impl Context {
    pub fn new(
        profile: &Profile,
        settings: &Settings,
        acceptances: Vec<(Key, Timestamp)>,
    ) -> Context {
        Context {
            zone: profile
                .timezone
                .as_ref()
                .map_or(TimeZone::UTC, TimeZoneName::time_zone),
            business_days: BusinessDays::new(settings),
            timings: settings.programme,
            acceptances,
        }
    }

    fn zone_of(&self, timezone: Option<&TimeZoneName>) -> TimeZone {
        timezone.map_or_else(|| self.zone.clone(), TimeZoneName::time_zone)
    }
}

/// What one application tells the rules that look across applications; the store keeps it
/// beside the application so that the agenda need not load every application.
#[derive(Debug, Clone, PartialEq)]
pub struct AppFacts {
    pub key: Key,
    pub stage: Stage,
    pub timezone: Option<TimeZoneName>,
    /// The end of the latest interview (of a cancelled one, when it was cancelled, if that
    /// came first).
    pub latest_end: Option<Timestamp>,
    /// When the candidate accepted this application's offer.
    pub accepted_at: Option<Timestamp>,
    /// Since when it is at its stage, where the data says (the event or the log entry that
    /// settled it; not for a stage set by hand, applied or interviewing).
    pub stage_since: Option<Timestamp>,
}

pub fn facts(app: &Application) -> AppFacts {
    let (stage, since) = app.stage_when();
    // A cancelled interview counts until it was cancelled: the rules that follow the latest
    // interview then start again from that moment, never from an earlier one.
    let cancellations = cancelled_interviews(app);
    AppFacts {
        key: app.key.clone(),
        stage,
        stage_since: since,
        timezone: app.timezone.clone(),
        latest_end: app
            .interviews
            .iter()
            .map(|i| {
                let cancelled = cancellations.iter().filter(|(k, _)| **k == i.key);
                cancelled
                    .map(|(_, at)| *at)
                    .min()
                    .map_or(i.end(), |at| at.min(i.end()))
            })
            .max(),
        accepted_at: app
            .events
            .iter()
            .filter(|e| e.kind == EventKind::OfferAccepted)
            .map(|e| e.at.instant())
            .min(),
    }
}

/// The whole programme of a job search: every action of every application, in every state.
pub fn plan(search: &JobSearch) -> Vec<Action> {
    let all: Vec<AppFacts> = search.applications.iter().map(facts).collect();
    let acceptances = all
        .iter()
        .filter_map(|f| f.accepted_at.map(|at| (f.key.clone(), at)))
        .collect();
    let context = Context::new(&search.profile, &search.settings, acceptances);
    let mut actions: Vec<Action> = search
        .applications
        .iter()
        .flat_map(|app| plan_application(app, &context))
        .collect();
    let searched: Vec<Done> = search
        .applications
        .iter()
        .flat_map(|a| {
            a.done
                .iter()
                .filter(|d| d.kind == ActionKind::KeepSearching)
                .cloned()
        })
        .collect();
    let active: Vec<AppFacts> = all
        .iter()
        .filter(|f| f.stage.is_active())
        .cloned()
        .collect();
    let others = Others::of(&all);
    actions.extend(keep_searching(&active, &others, &searched, &context));
    actions
}

/// What `keep_searching` needs of the applications that are no longer active.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Others {
    /// When the latest of them ended: with few active, each one that ends is a reason to
    /// keep the others moving, from then.
    pub latest_end: Option<Timestamp>,
    /// Whether the candidate has accepted an offer: then no `keep_searching` exists.
    pub accepted: bool,
}

impl Others {
    pub fn of(all: &[AppFacts]) -> Others {
        Others {
            latest_end: all
                .iter()
                .filter(|f| !f.stage.is_active())
                .filter_map(|f| f.stage_since)
                .max(),
            accepted: all.iter().any(|f| f.stage == Stage::Accepted),
        }
    }
}

/// `keep_searching`: fewer active applications than the settings say while one is at the
/// interview stage or later, and no offer accepted. It starts when that became true (the
/// latest interview's end, or the latest moment an application stopped being active); it
/// belongs to the application of the latest interview.
pub fn keep_searching(
    active: &[AppFacts],
    others: &Others,
    searched: &[Done],
    context: &Context,
) -> Option<Action> {
    let t = &context.timings;
    let below = t.keep_searching_below as usize;
    let count = active.iter().filter(|f| f.stage.is_active()).count();
    if count >= below || others.accepted {
        return None;
    }
    let (latest, end) = active
        .iter()
        .filter(|f| matches!(f.stage, Stage::Interviewing | Stage::Offered))
        .filter_map(|f| f.latest_end.map(|end| (f, end)))
        .max_by_key(|(f, end)| (*end, f.key.clone()))?;
    // It starts when it became true: the latest interview ended, or an application changed
    // its stage (one ended and the count fell, or an offer accepted was given up).
    let changed = active.iter().filter_map(|f| f.stage_since).max();
    let since = [Some(end), others.latest_end, changed]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(end);
    let zone = context.zone_of(latest.timezone.as_ref());
    let clock = Clock { zone: &zone, t };
    let due_day = context.business_days.after(clock.date(since), 2);
    // Done once for this latest interview is done, however its start moved since.
    let mark = searched
        .iter()
        .filter(|d| d.at.instant() >= end)
        .min_by_key(|d| d.at);
    Some(Action {
        application: latest.key.clone(),
        number: 0,
        kind: ActionKind::KeepSearching,
        interview: None,
        recipient: None,
        channel: Channel::InApp,
        not_before: clock.moment(since),
        due: clock.moment(clock.end_of_day(due_day)),
        state: match mark {
            Some(d) if d.skipped => ActionState::Skipped,
            Some(_) => ActionState::Done,
            None => ActionState::Open,
        },
        why: format!(
            "Fewer than {} applications are active: keep other applications moving.",
            t.keep_searching_below
        ),
        detail: None,
        // One per latest interview, wherever its start moves as other applications end.
        identity: format!("keep_searching/{}", Moment::in_zone(end, &zone)),
        lapses: None,
    })
}

/// Every action of one application, numbered, in every state.
pub fn plan_application(app: &Application, context: &Context) -> Vec<Action> {
    let app = &with_letters_in_log(app);
    let zone = context.zone_of(app.timezone.as_ref());
    let mut planner = Planner {
        app,
        bd: &context.business_days,
        clock: Clock {
            zone: &zone,
            t: &context.timings,
        },
        t: &context.timings,
        drafts: Vec::new(),
        cancelled: cancelled_interviews(app)
            .into_iter()
            .map(|(key, _)| key)
            .collect(),
        stops: Vec::new(),
        samples: Vec::new(),
        first_checks: Vec::new(),
        next_interview: Vec::new(),
    };
    planner.run(context);
    planner.finish()
}

/// The application with a letter that has left, is leaving or may have left written into its
/// log as the action it does: the record is the message itself, never a second entry.
fn with_letters_in_log(app: &Application) -> std::borrow::Cow<'_, Application> {
    let letters: Vec<Done> = app
        .messages
        .iter()
        .filter(|m| m.state.does_the_action())
        .flat_map(|m| {
            // A letter to an interviewer that carried an attachment carried the work sample.
            let carried = !m.attachments.is_empty()
                && matches!(
                    m.kind,
                    Some(ActionKind::ThankYou | ActionKind::StrategicLetter)
                );
            let kinds = m
                .kind
                .into_iter()
                .chain(carried.then_some(ActionKind::SendSample));
            kinds.map(move |kind| (m, kind))
        })
        .map(|(m, kind)| {
            // The action names its recipient by address when the data knows one, else by name.
            let known = app.people().any(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&m.to.email))
            });
            Done {
                interview: m.interview.clone(),
                to: Some(if known {
                    m.to.email.clone()
                } else {
                    m.to.name.clone()
                }),
                ..Done::new(m.done_at(), kind)
            }
        })
        .collect();
    if letters.is_empty() {
        return std::borrow::Cow::Borrowed(app);
    }
    let mut app = app.clone();
    app.done.extend(letters);
    std::borrow::Cow::Owned(app)
}

/// The keys of the interviews that an `interview_cancelled` event cancelled, with when.
pub(crate) fn cancelled_interviews(app: &Application) -> Vec<(&Key, Timestamp)> {
    app.events
        .iter()
        .filter(|e| e.kind == EventKind::InterviewCancelled)
        .filter_map(|e| {
            let at = e.at.instant();
            cancelled_by(app, at, e.starts_at.map(|s| s.instant())).map(|i| (&i.key, at))
        })
        .collect()
}

/// The interview an `interview_cancelled` event means: the one starting when it says, else
/// the next one to start after the event, else the latest.
fn cancelled_by(
    app: &Application,
    at: Timestamp,
    starts_at: Option<Timestamp>,
) -> Option<&Interview> {
    if let Some(start) = starts_at {
        return app
            .interviews
            .iter()
            .find(|i| i.starts_at.instant() == start);
    }
    app.interviews
        .iter()
        .filter(|i| i.starts_at.instant() >= at)
        .min_by_key(|i| i.starts_at)
        .or_else(|| app.interviews.iter().max_by_key(|i| i.starts_at))
}

/// Local time in the application's zone.
struct Clock<'a> {
    zone: &'a TimeZone,
    t: &'a Timings,
}

impl Clock<'_> {
    fn date(&self, at: Timestamp) -> Date {
        at.to_zoned(self.zone.clone()).date()
    }

    fn at(&self, date: Date, time: jiff::civil::Time) -> Timestamp {
        date.to_datetime(time)
            .to_zoned(self.zone.clone())
            .map_or_else(|_| Timestamp::UNIX_EPOCH, |z| z.timestamp())
    }

    fn morning(&self, date: Date) -> Timestamp {
        self.at(date, self.t.morning)
    }

    fn end_of_day(&self, date: Date) -> Timestamp {
        self.at(date, self.t.end_of_day)
    }

    /// `at + hours`; whole days are counted on the local clock, so that "within 24 hours"
    /// of 15:00 is 15:00 the next day across a change of daylight-saving time.
    fn plus_hours(&self, at: Timestamp, hours: u32) -> Timestamp {
        let zoned: Zoned = at.to_zoned(self.zone.clone());
        let later = if hours.is_multiple_of(24) {
            zoned.checked_add((i64::from(hours) / 24).days())
        } else {
            zoned.checked_add(SignedDuration::from_hours(i64::from(hours)))
        };
        later.map_or(at, |z| z.timestamp())
    }

    fn moment(&self, at: Timestamp) -> Moment {
        Moment::in_zone(at, self.zone)
    }
}

/// An action on its way into the plan.
struct Draft {
    action: Action,
    /// When its cause happened: the order of the numbers.
    anchor: Timestamp,
    settled: Option<ActionState>,
    /// When the log settled it, for the letters.
    settled_at: Option<Timestamp>,
    cancelled: bool,
}

impl Draft {
    /// Open, or done: a letter that counts as written to its recipient.
    fn live(&self) -> bool {
        match self.settled {
            Some(state) => state == ActionState::Done,
            None => !self.cancelled,
        }
    }

    fn open(&self) -> bool {
        self.settled.is_none() && !self.cancelled
    }
}

/// The letter to the lead of one interview and the work samples that travel with it.
struct Samples {
    letter: Option<usize>,
    samples: Vec<usize>,
}

/// Something that ends the waiting for the employer: a response, or the candidate moving on.
/// A reply that names a new decision date carries it.
#[derive(Debug, Clone, Copy)]
struct Stop {
    at: Timestamp,
    new_date: Option<Date>,
}

struct Planner<'a> {
    app: &'a Application,
    bd: &'a BusinessDays,
    clock: Clock<'a>,
    t: &'a Timings,
    drafts: Vec<Draft>,
    cancelled: Vec<&'a Key>,
    /// When the candidate stopped waiting on this application (not interested, or an
    /// offer accepted elsewhere): chasers stop there.
    stops: Vec<Timestamp>,
    samples: Vec<Samples>,
    /// The first status check of each interview: its letters lapse when it opens.
    first_checks: Vec<(&'a Key, usize)>,
    /// When the interview after each one starts: its letters lapse then too.
    next_interview: Vec<(&'a Key, Timestamp)>,
}

impl<'a> Planner<'a> {
    fn run(&mut self, context: &Context) {
        let app = self.app;
        let mut interviews: Vec<&Interview> = app.interviews.iter().collect();
        interviews.sort_by_key(|i| (i.starts_at, &i.key));
        self.withdrawals(context, &interviews);
        for interview in &interviews {
            self.after_interview(interview);
        }
        let live: Vec<&Interview> = interviews
            .iter()
            .copied()
            .filter(|i| !self.cancelled.contains(&&i.key))
            .collect();
        for (n, interview) in live.iter().enumerate() {
            let period_end = live.get(n + 1).map(|next| next.starts_at.instant());
            if let Some(end) = period_end {
                self.next_interview.push((&interview.key, end));
            }
            self.status_checks(interview, period_end);
        }
        self.follow_up_application();
        self.events();
        self.match_done();
        self.withdrawal_replaces_letters();
        self.stage_set_by_hand();
        self.samples_travel();
        self.one_letter_at_a_time();
        self.letters_lapse();
    }

    fn push(&mut self, anchor: Timestamp, action: Action) -> usize {
        self.drafts.push(Draft {
            action,
            anchor,
            settled: None,
            settled_at: None,
            cancelled: false,
        });
        self.drafts.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn action(
        &self,
        kind: ActionKind,
        interview: Option<&Interview>,
        recipient: Option<Recipient>,
        channel: Channel,
        not_before: Timestamp,
        due: Timestamp,
        why: String,
    ) -> Action {
        Action {
            application: self.app.key.clone(),
            number: 0,
            kind,
            interview: interview.map(|i| i.key.clone()),
            recipient,
            channel,
            not_before: self.clock.moment(not_before),
            // An action is never due before it may start.
            due: self.clock.moment(due.max(not_before)),
            state: ActionState::Open,
            why,
            detail: None,
            identity: String::new(),
            lapses: None,
        }
    }

    /// Letters to the employer: by email, or through the consultant for an agency.
    fn employer_channel(&self) -> Channel {
        if self.app.agency.is_some() {
            Channel::ViaConsultant
        } else {
            Channel::Email
        }
    }

    fn consultant(&self) -> Option<Recipient> {
        self.app.consultant().map(recipient)
    }

    /// The lead interviewer of the latest interview that started by `at`.
    fn lead_at(&self, at: Timestamp) -> Option<Recipient> {
        self.app
            .interviews
            .iter()
            .filter(|i| i.starts_at.instant() <= at && !self.cancelled.contains(&&i.key))
            .max_by_key(|i| i.starts_at)
            .or_else(|| self.app.interviews.iter().min_by_key(|i| i.starts_at))
            .and_then(Interview::lead)
            .map(|i| recipient(&i.person()))
    }

    /// The moments the candidate stopped waiting, and the `withdraw_politely` they call for:
    /// the first debrief that says "no longer interested", or an offer accepted elsewhere
    /// while this application was in play.
    fn withdrawals(&mut self, context: &Context, interviews: &[&Interview]) {
        let app = self.app;
        let lost_interest = interviews.iter().find_map(|i| {
            let debrief = i.debrief.as_ref()?;
            (debrief.still_interested == Some(false))
                .then(|| debrief.written_at.map_or_else(|| i.end(), |w| w.instant()))
        });
        let elsewhere = context
            .acceptances
            .iter()
            .filter(|(key, _)| *key != app.key)
            .map(|(_, at)| *at)
            .filter(|at| self.in_play_at(*at))
            .min();
        let (at, why) = match (lost_interest, elsewhere) {
            (Some(l), Some(e)) if e < l => (e, ELSEWHERE),
            (Some(l), _) => (l, NOT_INTERESTED),
            (None, Some(e)) => (e, ELSEWHERE),
            (None, None) => return,
        };
        self.stops.push(at);
        let (to, channel) = match self.consultant() {
            Some(consultant) => (Some(consultant), Channel::Email),
            None => (self.lead_at(at), Channel::Email),
        };
        let due = self.clock.plus_hours(at, 48);
        let action = self.action(
            ActionKind::WithdrawPolitely,
            None,
            to,
            channel,
            at,
            due,
            why.to_string(),
        );
        self.push(at, action);
    }

    /// Whether the application had begun, and had not ended, at `at`.
    fn in_play_at(&self, at: Timestamp) -> bool {
        let app = self.app;
        let begun = app
            .applied_on
            .map(|d| self.clock.morning(d))
            .into_iter()
            .chain(app.interviews.iter().map(|i| i.starts_at.instant()))
            .chain(app.events.iter().map(|e| e.at.instant()))
            .min()
            .is_none_or(|first| first <= at);
        let before: Vec<_> = app
            .events
            .iter()
            .filter(|e| e.at.instant() <= at)
            .cloned()
            .collect();
        let done: Vec<_> = app
            .done
            .iter()
            .filter(|d| d.at.instant() <= at)
            .cloned()
            .collect();
        let has_interviews = app.interviews.iter().any(|i| i.starts_at.instant() <= at);
        begun && Stage::derive(None, has_interviews, &before, &done).is_active()
    }

    /// The actions every interview brings: the debrief, the report to the consultant, a
    /// thank-you to each interviewer or the strategic letter to the lead, the samples.
    fn after_interview(&mut self, interview: &'a Interview) {
        let end = interview.end();
        let t = self.t;
        let first = self.drafts.len();
        let debrief_due = self.clock.plus_hours(end, t.debrief_within_hours);
        let write = self.action(
            ActionKind::WriteDebrief,
            Some(interview),
            None,
            Channel::InApp,
            end,
            debrief_due,
            format!(
                "Write the debrief within {} hours of the interview, while it is fresh.",
                t.debrief_within_hours
            ),
        );
        let write = self.push(end, write);
        if interview.debrief.is_some() {
            self.drafts[write].settled = Some(ActionState::Done);
        }
        if self.app.agency.is_some() {
            let report = self.action(
                ActionKind::ReportToConsultant,
                Some(interview),
                self.consultant(),
                Channel::Email,
                end,
                self.clock.plus_hours(end, t.report_within_hours),
                format!(
                    "Report to the consultant within {} hours, so they can speak for you while the company decides.",
                    t.report_within_hours
                ),
            );
            self.push(end, report);
        }
        let lead = interview.lead();
        let strategic = self.strategic_letter_due(interview);
        let channel = self.employer_channel();
        let letter_due = self.clock.plus_hours(end, t.thank_you_within_hours);
        let mut lead_letter = None;
        for person in &interview.interviewers {
            let to = recipient(&person.person());
            let is_lead = lead.is_some_and(|l| std::ptr::eq(l, person));
            // The strategic letter goes to whoever raised a concern, so each concern is
            // answered to the person who had it; with none raised, to the lead.
            let has_concerns = interview
                .debrief
                .as_ref()
                .is_some_and(|d| d.concerns.iter().any(|c| !c.is_about_money()));
            let answers = if has_concerns {
                interview.raised_a_concern(person)
            } else {
                is_lead
            };
            let action = if strategic && answers {
                self.action(
                    ActionKind::StrategicLetter,
                    Some(interview),
                    Some(to),
                    channel,
                    end,
                    letter_due,
                    format!(
                        "You want this job: answer the interviewer's concerns and add what you forgot, within {} hours, while they decide.",
                        t.thank_you_within_hours
                    ),
                )
            } else {
                let missing = if to.email.is_none() {
                    format!(" (no email address is recorded for {})", to.name)
                } else {
                    String::new()
                };
                self.action(
                    ActionKind::ThankYou,
                    Some(interview),
                    Some(to),
                    channel,
                    end,
                    letter_due,
                    format!(
                        "Thank each interviewer within {} hours{missing}.",
                        t.thank_you_within_hours
                    ),
                )
            };
            let letter = self.push(end, action);
            if is_lead {
                lead_letter = Some(letter);
            }
        }
        let samples = interview
            .debrief
            .as_ref()
            .map(|d| d.samples_discussed.as_slice())
            .unwrap_or_default();
        let mut travelling = Vec::new();
        for sample in samples {
            let mut action = self.action(
                ActionKind::SendSample,
                Some(interview),
                lead.map(|l| recipient(&l.person())),
                channel,
                end,
                self.clock.plus_hours(end, t.sample_within_hours),
                format!(
                    "Send the work sample you discussed within {} hours, while they remember the conversation.",
                    t.sample_within_hours
                ),
            );
            action.detail = Some(sample.clone());
            travelling.push(self.push(end, action));
        }
        self.samples.push(Samples {
            letter: lead_letter,
            samples: travelling,
        });
        if self.cancelled.contains(&&interview.key) {
            for draft in &mut self.drafts[first..] {
                draft.cancelled = true;
            }
        }
    }

    /// A strategic letter replaces the lead's thank-you when the candidate wants the job
    /// and the debrief has concerns to answer or things they forgot to say.
    fn strategic_letter_due(&self, interview: &Interview) -> bool {
        let keen = self
            .app
            .interest
            .is_some_and(|i| i.level() >= self.t.strategic_from_interest);
        interview.debrief.as_ref().is_some_and(|d| {
            keen && d.still_interested != Some(false)
                && (!d.concerns.is_empty() || !d.forgot_to_mention.is_empty())
        })
    }

    /// The status checks after one interview, and closing quietly after two unanswered.
    /// The waiting ends at the next interview (`period_end`), at a response, or when the
    /// candidate moves on; a reply that names a new date starts the count of days again
    /// from that date, but never allows a third check.
    fn status_checks(&mut self, interview: &'a Interview, period_end: Option<Timestamp>) {
        let end = interview.end();
        let until = |at: Timestamp| at >= end && period_end.is_none_or(|p| at < p);
        let mut stops: Vec<Stop> = self
            .app
            .events
            .iter()
            // A response ends the waiting, and so does the candidate's answer to an offer.
            .filter(|e| {
                (e.kind.is_response()
                    || matches!(e.kind, EventKind::OfferAccepted | EventKind::OfferDeclined))
                    && until(e.at.instant())
            })
            .map(|e| Stop {
                at: e.at.instant(),
                new_date: (e.kind == EventKind::Reply)
                    .then_some(e.decision_by)
                    .flatten(),
            })
            .chain(
                self.stops
                    .iter()
                    .filter(|at| until(**at))
                    .map(|&at| Stop { at, new_date: None }),
            )
            .chain(period_end.map(|at| Stop { at, new_date: None }))
            .collect();
        stops.sort_by_key(|s| s.at);
        let mut marks: Vec<&Done> = self
            .app
            .done
            .iter()
            .filter(|d| d.kind == ActionKind::StatusCheck)
            .filter(|d| match &d.interview {
                Some(key) => *key == interview.key,
                None => until(d.at.instant()),
            })
            .collect();
        marks.sort_by_key(|d| d.at);
        let (mut stops, mut marks) = (stops.into_iter().peekable(), marks.into_iter().peekable());

        let t = self.t;
        // The earliest date they named for their next step about this candidate.
        let steps = interview.debrief.as_ref().map(|d| &d.next_steps);
        let shortlist = steps.and_then(|n| n.shortlist_by);
        let named = steps.and_then(NextSteps::named);
        let mut decision = named;
        let mut anchor = end;
        let mut checks: Vec<Timestamp> = Vec::new();
        let to = self
            .consultant()
            .or_else(|| interview.lead().map(|l| recipient(&l.person())));
        let mut waiting = true;
        while checks.len() < 2 {
            let after_date = decision.map(|d| self.bd.after(d, t.check_after_decision_days));
            let day = match checks.last() {
                None => after_date.unwrap_or_else(|| {
                    self.bd
                        .after(self.clock.date(end), t.check_without_date_days)
                }),
                Some(first) => {
                    let after_first = self
                        .bd
                        .after(self.clock.date(*first), t.second_check_after_days);
                    after_date.map_or(after_first, |d| d.max(after_first))
                }
            };
            // Never before the moment that called for it: nothing is born overdue.
            let day = day.max(self.first_morning_from(anchor));
            let why = match (checks.len(), decision) {
                (0, Some(d))
                    if decision == shortlist && decision != steps.and_then(|n| n.decision_by) =>
                {
                    format!(
                        "They named {} for their shortlist: one polite call {} business days after it, not before.",
                        long(d),
                        t.check_after_decision_days
                    )
                }
                (0, Some(d)) => format!(
                    "They named {} for their decision: one polite call {} business days after it, not before.",
                    long(d),
                    t.check_after_decision_days
                ),
                (0, None) => format!(
                    "No decision date was named: one polite call {} business days after the interview.",
                    t.check_without_date_days
                ),
                _ => "The first call brought no answer: one more, a week later, then stop."
                    .to_string(),
            };
            let mut action = self.action(
                ActionKind::StatusCheck,
                Some(interview),
                to.clone(),
                Channel::Phone,
                self.clock.morning(day),
                self.clock
                    .end_of_day(self.bd.after(day, t.check_window_days)),
                why,
            );
            if !checks.is_empty() {
                action.detail = Some("second".into());
            }
            let draft = self.push(anchor, action);
            if checks.is_empty() {
                self.first_checks.push((&interview.key, draft));
            }
            let next_stop = stops.peek().copied();
            match marks.peek() {
                Some(mark) if next_stop.is_none_or(|s| mark.at.instant() <= s.at) => {
                    self.drafts[draft].settled = Some(settled_as(mark));
                    anchor = mark.at.instant();
                    checks.push(anchor);
                    marks.next();
                }
                _ => match next_stop {
                    Some(stop) => {
                        self.drafts[draft].cancelled = true;
                        stops.next();
                        match stop.new_date {
                            Some(date) => {
                                decision = Some(date);
                                anchor = stop.at;
                            }
                            None => {
                                waiting = false;
                                break;
                            }
                        }
                    }
                    None => break,
                },
            }
        }
        if !(waiting && checks.len() == 2) {
            return;
        }
        let second = checks[1];
        let day = self.bd.after(self.clock.date(second), t.close_after_days);
        let close = self.action(
            ActionKind::CloseQuietly,
            Some(interview),
            None,
            Channel::InApp,
            self.clock.morning(day),
            self.clock.end_of_day(day),
            format!(
                "Two calls brought no answer and {} business days have passed: close it quietly and put the energy elsewhere.",
                t.close_after_days
            ),
        );
        let draft = self.push(second, close);
        let closing = self
            .app
            .done
            .iter()
            .find(|d| d.kind == ActionKind::CloseQuietly && d.at.instant() >= second);
        if let Some(mark) = closing {
            self.drafts[draft].settled = Some(settled_as(mark));
        } else if stops.any(|s| s.at > second) {
            self.drafts[draft].cancelled = true;
        }
    }

    /// One follow-up of an application that has had no response after some business days.
    /// A recorded interview is a response, whenever it was arranged.
    fn follow_up_application(&mut self) {
        let Some(applied) = self.app.applied_on else {
            return;
        };
        if !self.app.interviews.is_empty() {
            return;
        }
        let t = self.t;
        let day = self.bd.after(applied, t.follow_up_application_after_days);
        let not_before = self.clock.morning(day);
        let heard = self
            .app
            .events
            .iter()
            // An offer accepted or declined says they answered, even with no offer recorded.
            .filter(|e| e.kind.is_response() || e.kind.settles_stage())
            .map(|e| e.at.instant())
            .chain(self.stops.iter().copied())
            .min();
        if heard.is_some_and(|h| h <= not_before) {
            return;
        }
        let action = self.action(
            ActionKind::FollowUpApplication,
            None,
            self.consultant(),
            Channel::Email,
            not_before,
            self.clock
                .end_of_day(self.bd.after(day, t.check_window_days)),
            format!(
                "No response {} business days after applying: follow up once.",
                t.follow_up_application_after_days
            ),
        );
        let draft = self.push(self.clock.morning(applied), action);
        self.drafts[draft].cancelled = heard.is_some();
    }

    /// The actions the employer's events call for, and what those events cancel.
    fn events(&mut self) {
        let mut events: Vec<_> = self.app.events.iter().collect();
        events.sort_by_key(|e| e.at);
        let channel = self.employer_channel();
        let mut offer_actions: Vec<usize> = Vec::new();
        let mut latest_offer = None;
        for event in events {
            let at = event.at.instant();
            let employer = self.lead_at(at);
            match event.kind {
                EventKind::Invitation => {
                    let action = self.action(
                        ActionKind::ReplyToInvitation,
                        None,
                        employer,
                        channel,
                        at,
                        self.clock.plus_hours(at, 24),
                        "Answer an invitation within 24 hours: a prompt yes shows you want the job.".into(),
                    );
                    self.push(at, action);
                }
                EventKind::Rejection => {
                    let action = self.action(
                        ActionKind::RequestFeedback,
                        None,
                        employer,
                        channel,
                        at,
                        self.clock.plus_hours(at, 48),
                        "After a rejection, thank them and ask for feedback within 48 hours; never ask who got the job.".into(),
                    );
                    // What is left is for the candidate's own record: the debrief and the report.
                    self.cancel_open(at, |kind| {
                        !matches!(
                            kind,
                            ActionKind::RequestFeedback
                                | ActionKind::WriteDebrief
                                | ActionKind::ReportToConsultant
                        )
                    });
                    self.push(at, action);
                }
                EventKind::Offer => {
                    // The offer is the decision: the letters and calls that waited on it go
                    // (the answer to the offer thanks them).
                    self.cancel_open(at, is_before_the_decision);
                    // A new offer replaces the one before it.
                    for &i in &offer_actions {
                        self.drafts[i].cancelled = true;
                    }
                    offer_actions.clear();
                    let offer = event.offer.clone().unwrap_or_default();
                    let day = self.clock.date(at);
                    let review_due = self.clock.plus_hours(at, 48).min(
                        offer
                            .respond_by
                            .map(|d| self.clock.end_of_day(self.bd.before(d, 1)))
                            .unwrap_or(Timestamp::MAX),
                    );
                    let review = self.action(
                        ActionKind::ReviewOffer,
                        None,
                        None,
                        Channel::InApp,
                        at,
                        review_due,
                        "Check the offer against what was agreed (salary, hours, benefits, terms) before you answer.".into(),
                    );
                    offer_actions.push(self.push(at, review));
                    let (answer_day, why) = match offer.respond_by {
                        Some(d) => (
                            d,
                            format!("Answer the offer by {}, the date they asked for.", long(d)),
                        ),
                        None => (
                            self.bd.after(day, 5),
                            "Answer the offer within 5 business days.".to_string(),
                        ),
                    };
                    let answer = self.action(
                        ActionKind::AnswerOffer,
                        None,
                        employer,
                        channel,
                        at,
                        self.clock.end_of_day(answer_day),
                        why,
                    );
                    offer_actions.push(self.push(at, answer));
                    latest_offer = Some(offer);
                }
                EventKind::OfferAccepted | EventKind::OfferDeclined => {
                    for i in offer_actions.drain(..) {
                        let draft = &mut self.drafts[i];
                        if draft.action.kind == ActionKind::AnswerOffer {
                            draft.settled.get_or_insert(ActionState::Done);
                        } else {
                            draft.cancelled = true;
                        }
                    }
                    if event.kind == EventKind::OfferDeclined {
                        self.cancel_open(at, is_employer_facing);
                        continue;
                    }
                    // Nothing of before stays: the contract and the first day are what is left.
                    self.cancel_open(at, |_| true);
                    let contract = self.action(
                        ActionKind::ReturnContract,
                        None,
                        employer,
                        channel,
                        at,
                        self.clock.end_of_day(self.bd.after(self.clock.date(at), 3)),
                        "Check the contract against what was agreed and return it within 3 business days.".into(),
                    );
                    self.push(at, contract);
                    if let Some(start) = latest_offer.as_ref().and_then(|o| o.start_date) {
                        let prepare = self.action(
                            ActionKind::PrepareFirstDay,
                            None,
                            None,
                            Channel::InApp,
                            self.clock.morning(self.bd.before(start, 5)).max(at),
                            self.clock.end_of_day(self.bd.before(start, 1)),
                            format!("Prepare for the first day, {}.", long(start)),
                        );
                        self.push(at, prepare);
                    }
                }
                EventKind::Feedback => {
                    // They gave feedback unasked: no need to ask for it.
                    self.cancel_open(at, |kind| kind == ActionKind::RequestFeedback);
                }
                EventKind::Reply | EventKind::InterviewCancelled => {}
            }
        }
    }

    /// Cancels the actions of these kinds whose cause came by `at`.
    fn cancel_open(&mut self, at: Timestamp, kinds: impl Fn(ActionKind) -> bool) {
        for draft in &mut self.drafts {
            if draft.anchor <= at && kinds(draft.action.kind) {
                draft.cancelled = true;
            }
        }
    }

    /// Matches the log of what was done (or skipped) to the actions it answers: the same
    /// kind, recipient and interview; of several, the latest whose cause came before it.
    fn match_done(&mut self) {
        let mut marks: Vec<&Done> = self
            .app
            .done
            .iter()
            .filter(|d| !matches!(d.kind, ActionKind::StatusCheck | ActionKind::CloseQuietly))
            .collect();
        marks.sort_by_key(|d| d.at);
        for mark in marks {
            let fits = |d: &Draft| {
                d.action.kind == mark.kind
                    && d.settled.is_none()
                    && mark
                        .interview
                        .as_ref()
                        .is_none_or(|k| d.action.interview.as_ref() == Some(k))
                    && match (&mark.to, &d.action.recipient) {
                        (Some(to), Some(r)) => r.is(to),
                        _ => true,
                    }
            };
            let at = mark.at.instant();
            let chosen = (0..self.drafts.len())
                .filter(|&i| fits(&self.drafts[i]) && self.drafts[i].anchor <= at)
                .max_by_key(|&i| (self.drafts[i].anchor, std::cmp::Reverse(i)))
                .or_else(|| {
                    (0..self.drafts.len())
                        .filter(|&i| fits(&self.drafts[i]))
                        .min_by_key(|&i| (self.drafts[i].anchor, i))
                });
            if let Some(i) = chosen {
                self.drafts[i].settled = Some(settled_as(mark));
                self.drafts[i].settled_at = Some(at);
            }
        }
    }

    /// A stage the user set by hand, or the candidate's own withdrawal or closing, ends
    /// what is still open.
    fn stage_set_by_hand(&mut self) {
        let derived_end = matches!(self.app.stage(), Stage::Withdrawn | Stage::Closed);
        let keep: fn(ActionKind) -> bool = match self.app.stage {
            Some(Stage::Withdrawn | Stage::Closed) => |_| false,
            Some(Stage::Rejected) => |k| k == ActionKind::RequestFeedback,
            Some(Stage::Accepted) => |k| {
                matches!(
                    k,
                    ActionKind::AnswerOffer
                        | ActionKind::ReturnContract
                        | ActionKind::PrepareFirstDay
                )
            },
            _ if derived_end => |_| false,
            _ => return,
        };
        for draft in &mut self.drafts {
            if !keep(draft.action.kind) {
                draft.cancelled = true;
            }
        }
    }

    /// The first morning at or after `at` that is a business day's.
    fn first_morning_from(&self, at: Timestamp) -> Date {
        let day = self.clock.date(at);
        if self.bd.is_business_day(day) && self.clock.morning(day) >= at {
            day
        } else {
            self.bd.after(day, 1)
        }
    }

    /// `withdraw_politely` thanks them, so it takes the place of every thank-you, strategic
    /// letter, work sample and call of the application still open when it comes.
    fn withdrawal_replaces_letters(&mut self) {
        let Some(&at) = self.stops.first() else {
            return;
        };
        self.cancel_open(at, |kind| {
            is_before_the_decision(kind) || kind == ActionKind::CloseQuietly
        });
    }

    /// A work sample travels with the letter to the lead while that letter is open; it goes
    /// on its own only once that letter has gone without it, and not within two business
    /// days of it. A letter that carried an attachment carried the sample (the log says so).
    fn samples_travel(&mut self) {
        let groups = std::mem::take(&mut self.samples);
        for group in &groups {
            let Some(letter) = group.letter else {
                continue;
            };
            let (state, sent_at, sent_from, to) = {
                let d = &self.drafts[letter];
                (
                    d.settled.or(d.cancelled.then_some(ActionState::Cancelled)),
                    d.settled_at,
                    d.action.not_before.instant(),
                    d.action
                        .recipient
                        .as_ref()
                        .map_or_else(String::new, |r| r.name.clone()),
                )
            };
            for &sample in &group.samples {
                if !self.drafts[sample].open() {
                    continue;
                }
                match (state, sent_at) {
                    // While the letter is open, the sample goes with it.
                    (None, _) => {
                        let name = self.drafts[sample]
                            .action
                            .detail
                            .clone()
                            .unwrap_or_default();
                        let draft = &mut self.drafts[letter];
                        draft
                            .action
                            .why
                            .push_str(&format!(" Attach the {name} you discussed."));
                        draft.action.detail.get_or_insert(name);
                        self.drafts[sample].cancelled = true;
                        self.drafts[sample].action.why =
                            format!("It goes with your letter to {to}: attach it there.");
                    }
                    (Some(state @ (ActionState::Done | ActionState::Skipped)), Some(at)) => {
                        let day = self
                            .first_morning_from(at)
                            .max(self.bd.after(self.clock.date(sent_from), 2));
                        let from = self.clock.morning(day).max(at);
                        let due = self.clock.plus_hours(from, self.t.sample_within_hours);
                        let hours = self.t.sample_within_hours;
                        let action = &mut self.drafts[sample].action;
                        action.not_before = self.clock.moment(from);
                        action.due = self.clock.moment(due);
                        action.why = if state == ActionState::Done {
                            format!(
                                "Your letter to {to} went without the work sample you discussed: send it on its own, within {hours} hours."
                            )
                        } else {
                            let name = action.detail.as_deref().unwrap_or("work sample");
                            format!(
                                "You did not send your letter to {to}: send the {name} you discussed on its own, within {hours} hours."
                            )
                        };
                    }
                    // The letter was cancelled (an offer, a rejection, a withdrawal): so is
                    // the sample.
                    _ => self.drafts[sample].cancelled = true,
                }
            }
        }
        self.samples = groups;
    }

    /// Never two letters to one person less than two business days apart: a letter the
    /// programme suggests (a thank-you, a strategic letter, a sample, a follow-up) goes into
    /// the one before it while that one is open, else waits two business days; and an open
    /// one gives way to a letter that answers the employer (an invitation, an offer) or to
    /// one written since.
    fn one_letter_at_a_time(&mut self) {
        let mut order: Vec<usize> = (0..self.drafts.len())
            .filter(|&i| is_letter(&self.drafts[i].action) && self.drafts[i].live())
            .collect();
        order.sort_by_key(|&i| (self.drafts[i].action.not_before.instant(), i));
        for (n, &later) in order.iter().enumerate() {
            // Deferring a letter may bring it near another: look again, a few times at most.
            for _ in 0..4 {
                let Some(&earlier) = order[..n].iter().find(|&&e| {
                    self.drafts[e].live()
                        && self.drafts[later].live()
                        && self.same_person(e, later)
                        && !self.apart(e, later)
                }) else {
                    break;
                };
                let optional = |d: &Draft| is_optional_letter(d.action.kind) && d.open();
                let (e, l) = (&self.drafts[earlier], &self.drafts[later]);
                if optional(l) && e.open() {
                    let into = words::kind_words(e.action.kind);
                    let draft = &mut self.drafts[later];
                    draft.cancelled = true;
                    draft.action.why =
                        format!("It goes into your {into}: one letter at a time to one person.");
                    break;
                } else if optional(l) {
                    let (from, window) = (
                        e.action.not_before.instant(),
                        l.action
                            .due
                            .instant()
                            .duration_since(l.action.not_before.instant()),
                    );
                    let day = self.bd.after(self.clock.date(from), 2);
                    let start = self.clock.morning(day).max(l.action.not_before.instant());
                    let draft = &mut self.drafts[later];
                    draft.action.not_before = self.clock.moment(start);
                    draft.action.due = self.clock.moment(start + window);
                    draft
                        .action
                        .why
                        .push_str(" Not sooner: two letters in two days is one too many.");
                } else if optional(e) {
                    let after = words::kind_words(l.action.kind);
                    let draft = &mut self.drafts[earlier];
                    draft.cancelled = true;
                    draft.action.why = format!(
                        "Your {after} takes its place: one letter at a time to one person."
                    );
                } else {
                    break;
                }
            }
        }
    }

    fn same_person(&self, a: usize, b: usize) -> bool {
        let to = |i: usize| {
            self.drafts[i]
                .action
                .recipient
                .as_ref()
                .map(|r| r.address().to_lowercase())
        };
        to(a).is_some() && to(a) == to(b)
    }

    /// Whether two letters are two business days apart or more.
    fn apart(&self, a: usize, b: usize) -> bool {
        let day = |i: usize| self.clock.date(self.drafts[i].action.not_before.instant());
        let (x, y) = (day(a).min(day(b)), day(a).max(day(b)));
        y >= self.bd.after(x, 2)
    }

    /// A thank-you, strategic letter or work sample still open when its interview's first
    /// status check would open has lapsed (the call carries the thanks), as it has once the
    /// next interview starts (thank them after that one). The lapse is a moment; whoever reads
    /// the plan at a time decides.
    fn letters_lapse(&mut self) {
        let mut lapse: Vec<(&Key, Timestamp)> = Vec::new();
        for (interview, check) in std::mem::take(&mut self.first_checks) {
            // The first check planned, even if a reply moved it or an interview ended the
            // waiting: the moment it would have opened.
            if !lapse.iter().any(|(k, _)| *k == interview) {
                lapse.push((interview, self.drafts[check].action.not_before.instant()));
            }
        }
        for (interview, next) in std::mem::take(&mut self.next_interview) {
            match lapse.iter_mut().find(|(k, _)| *k == interview) {
                Some((_, at)) => *at = (*at).min(next),
                None => lapse.push((interview, next)),
            }
        }
        for (interview, at) in lapse {
            let lapses = self.clock.moment(at);
            for draft in &mut self.drafts {
                let letter = matches!(
                    draft.action.kind,
                    ActionKind::ThankYou | ActionKind::StrategicLetter | ActionKind::SendSample
                );
                if !letter || draft.action.interview.as_ref() != Some(interview) || !draft.open() {
                    continue;
                }
                if draft.action.not_before.instant() >= at {
                    draft.cancelled = true;
                    continue;
                }
                if draft.action.due.instant() > at {
                    draft.action.due = lapses;
                }
                draft.action.lapses = Some(lapses);
            }
        }
    }

    /// Numbers the actions in the order their causes happened and settles their state.
    fn finish(self) -> Vec<Action> {
        let mut drafts = self.drafts;
        drafts.sort_by_key(|d| d.anchor);
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        drafts
            .into_iter()
            .enumerate()
            .map(|(n, draft)| {
                let mut action = draft.action;
                action.number = u32::try_from(n + 1).unwrap_or(u32::MAX);
                action.state = match (draft.settled, draft.cancelled) {
                    (Some(state), _) => state,
                    (None, true) => ActionState::Cancelled,
                    (None, false) => ActionState::Open,
                };
                let base = format!(
                    "{}/{}/{}",
                    action.kind,
                    action.interview.as_ref().map_or("-", Key::as_str),
                    action
                        .recipient
                        .as_ref()
                        .map_or("-".into(), |r| r.address().to_lowercase()),
                );
                let count = seen.entry(base.clone()).or_default();
                *count += 1;
                action.identity = format!("{base}/{count}");
                action
            })
            .collect()
    }
}

const NOT_INTERESTED: &str = "Your debrief says you are no longer interested: withdraw politely within 48 hours, and keep the door open.";
const ELSEWHERE: &str =
    "You accepted another offer: withdraw politely within 48 hours, and keep the door open.";

/// What the employer's decision makes pointless: the letters that hope for it and the calls
/// that wait on it.
fn is_before_the_decision(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::ThankYou
            | ActionKind::StrategicLetter
            | ActionKind::SendSample
            | ActionKind::StatusCheck
            | ActionKind::FollowUpApplication
    )
}

/// A letter to a person at the employer (or the consultant who forwards it).
fn is_letter(action: &Action) -> bool {
    is_employer_facing(action.kind)
        && matches!(action.channel, Channel::Email | Channel::ViaConsultant)
}

fn settled_as(mark: &Done) -> ActionState {
    if mark.skipped {
        ActionState::Skipped
    } else {
        ActionState::Done
    }
}

fn recipient(person: &Person) -> Recipient {
    Recipient {
        name: person.name.clone(),
        email: person.email.clone().filter(|e| !e.trim().is_empty()),
    }
}

"""The interview engine: state + event → new state + replies + effects. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from flows.buttons import (
    AnswerButton,
    Button,
    DayButton,
    LanguageButton,
    Nav,
    RelativeDay,
    TopicButton,
    parse,
)
from flows.card import Answered
from flows.events import (
    Command,
    Context,
    Edited,
    Event,
    Pressed,
    Said,
    SentMedia,
    Typed,
    UnknownCommand,
)
from flows.flow import INTERVIEW, Flow
from flows.model import Level, Option, Question, QuestionKind
from flows.screens import (
    About,
    Ask,
    Consent,
    Effect,
    Guidance,
    Help,
    LanguageMenu,
    LawyerRequested,
    Notice,
    NoticeKind,
    PickDay,
    Reply,
    RequestLawyer,
    Result,
    Safety,
    Screen,
    Welcome,
)
from flows.sources import CONTENT_VERSION, LAW_AS_OF, REVIEW_STATUS
from flows.state import InterviewState, Stage
from flows.text import Reader

MAX_TEXT_LENGTH = 4096
PICKER_DAYS = range(2, 14)
"""Days offered by the day picker, counted from today (today and yesterday, or tomorrow, have
buttons). Two weeks reach past a 10-day appeal period; "more than 2 weeks ago" goes beyond."""
FARTHEST_DAY = timedelta(days=60)
"""How far back (or ahead) a day may be chosen at all."""
RELATIVE_DAYS = {
    QuestionKind.DATE: {RelativeDay.TODAY: 0, RelativeDay.YESTERDAY: -1},
    QuestionKind.DATE_AHEAD: {RelativeDay.TODAY: 0, RelativeDay.TOMORROW: 1},
}
"""The day buttons of each kind of date question, in days from today."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one event: the state to store, what to show, what to do."""

    state: InterviewState
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...] = ()


def handle(state: InterviewState, event: Event, ctx: Context) -> Outcome:
    """Advance the conversation by one event."""
    state = _still_valid(state, ctx.flow)
    match event:
        case Said(command):
            return _command(state, command, ctx)
        case Pressed(data):
            return _press(state, parse(data), ctx)
        case Typed(length):
            kind = NoticeKind.TOO_LONG if length > MAX_TEXT_LENGTH else NoticeKind.USE_BUTTONS
            return _hint(state, kind, ctx)
        case SentMedia():
            return _hint(state, NoticeKind.UNSUPPORTED, ctx)
        case Edited():
            return _hint(state, NoticeKind.EDITED, ctx)
        case UnknownCommand():
            return _hint(state, NoticeKind.UNKNOWN_COMMAND, ctx)


def _still_valid(state: InterviewState, flow: Flow) -> InterviewState:
    """A state whose current question left the interview goes back to the welcome screen."""
    if state.stage is Stage.ASKING and flow.question(state.question) is None:
        return replace(state, stage=Stage.WELCOME, question=None, picking_day=False)
    return state


def _command(state: InterviewState, command: Command, ctx: Context) -> Outcome:
    match command:
        case Command.START:
            return _start(state, ctx)
        case Command.RESTART:
            return _restart(state, ctx)
        case Command.LANGUAGE:
            return Outcome(state, (Reply(LanguageMenu()),))
        case Command.HELP:
            return Outcome(state, (Reply(Help()), Reply(current_screen(state, ctx))))
        case Command.LAWYER:
            return _offer_lawyer(state, ctx)
        case Command.ABOUT:
            return Outcome(state, (Reply(About(CONTENT_VERSION, LAW_AS_OF, REVIEW_STATUS)),))


def current_screen(state: InterviewState, ctx: Context) -> Screen:
    """The screen the person should see now."""
    if state.stage is Stage.RESULT:
        return _result(state, ctx)
    question = ctx.flow.question(state.question)
    if state.stage is Stage.WELCOME or question is None:
        return Safety()
    if state.picking_day:
        sign = 1 if question.kind is QuestionKind.DATE_AHEAD else -1
        days = tuple(ctx.today + timedelta(days=sign * n) for n in PICKER_DAYS)
        return PickDay(question, days, state.reader)
    return _ask(state, question, ctx.flow)


def _start(state: InterviewState, ctx: Context) -> Outcome:
    if state.stage is Stage.WELCOME:
        return Outcome(state, (Reply(Welcome()), Reply(Safety())))
    return _hint(state, NoticeKind.RESUMED, ctx)


def _restart(state: InterviewState, ctx: Context) -> Outcome:
    fresh = InterviewState(locale=state.locale, stage=Stage.ASKING, question=ctx.flow.first.id)
    return Outcome(fresh, (Reply(current_screen(fresh, ctx)),))


def _hint(state: InterviewState, kind: NoticeKind, ctx: Context) -> Outcome:
    return Outcome(state, (Reply(Notice(kind)), Reply(current_screen(state, ctx))))


def _press(state: InterviewState, button: Button | None, ctx: Context) -> Outcome:
    match button:
        case LanguageButton(locale) if locale in ctx.locales:
            changed = replace(state, locale=locale)
            return _hint(changed, NoticeKind.LANGUAGE_CHANGED, ctx)
        case Nav.LANGUAGES:
            return Outcome(state, (Reply(LanguageMenu()),))
        case TopicButton(topic_id, origin) if (topic := ctx.flow.topic(topic_id)) is not None:
            return _in_place(state, Guidance(topic, origin))
        case Nav.TOPICS:
            return _in_place(state, Help())
        case Nav.RESUME:
            return _in_place(state, current_screen(state, ctx))
        case Nav.BEGIN if state.stage is Stage.WELCOME:
            return _restart(state, ctx)
        case Nav.RESTART:
            return _restart(state, ctx)
        case Nav.BACK:
            return _back(state, ctx)
        case Nav.LAWYER:
            return _offer_lawyer(state, ctx)
        case Nav.CONSENT:
            return _request_lawyer(state, ctx, edit=True)
        case Nav.DECLINE:
            declined = Reply(Notice(NoticeKind.NOTHING_SHARED), edit=True)
            return Outcome(state, (declined, *_unless_result(state, ctx)))
        case Nav.DONE:
            question = _current_question(state, state.question or "", ctx.flow)
            if question and question.kind is QuestionKind.MULTI and state.selected:
                value = question.answer_of(state.selected)
                return _answer(state, question, value, ctx)
        case AnswerButton(question_id, option_id):
            question = _current_question(state, question_id, ctx.flow)
            option = question.option(option_id) if question else None
            if question and option:
                if question.kind is QuestionKind.MULTI and not option.exclusive:
                    return _toggle(state, question, option, ctx.flow)
                return _answer(state, question, option.id, ctx)
        case DayButton(question_id, day):
            question = _current_question(state, question_id, ctx.flow)
            if question and question.kind.dated:
                return _day(state, question, day, ctx)
    return _hint(state, NoticeKind.STALE_BUTTON, ctx)


def _current_question(state: InterviewState, question_id: str, flow: Flow) -> Question | None:
    if state.stage is not Stage.ASKING or state.question != question_id:
        return None
    return flow.question(question_id)


def _toggle(state: InterviewState, question: Question, option: Option, flow: Flow) -> Outcome:
    """Tick or untick ``option`` on a question with several answers; the question stays."""
    ticked = set(state.selected) ^ {option.id}
    selected = tuple(o.id for o in question.options if o.id in ticked)
    moved = replace(state, selected=selected)
    return Outcome(moved, (Reply(_ask(moved, question, flow), edit=True),))


def _day(
    state: InterviewState, question: Question, day: RelativeDay | date, ctx: Context
) -> Outcome:
    """A day button: ``ctx.today`` is the earliest date that is today anywhere in Russia, so
    "today" and "yesterday" never start a period later than the person's own day."""
    if day is RelativeDay.PICK:
        picking = replace(state, picking_day=True)
        return Outcome(picking, (Reply(current_screen(picking, ctx), edit=True),))
    offsets = RELATIVE_DAYS[question.kind]
    if isinstance(day, RelativeDay) and day in offsets:
        chosen = ctx.today + timedelta(days=offsets[day])
    elif isinstance(day, date) and _in_reach(question, day, ctx.today):
        chosen = day
    else:
        return _hint(state, NoticeKind.STALE_BUTTON, ctx)
    return _answer(state, question, chosen.isoformat(), ctx)


def _in_reach(question: Question, day: date, today: date) -> bool:
    if question.kind is QuestionKind.DATE_AHEAD:
        return today <= day <= today + FARTHEST_DAY
    return today - FARTHEST_DAY <= day <= today


def _answer(state: InterviewState, question: Question, value: str, ctx: Context) -> Outcome:
    """Record the answer and show what comes next in place of the question answered.

    The interview is one message edited in place: the next question (with the answer just
    given summarised above it), then the result listing the answers. Fewer messages stay on
    a phone that may be searched, and a step costs two Bot API calls.
    """
    answered = state.with_answer(question.id, value)
    following = ctx.flow.next_question(answered.answers, after=question.id)
    if following is None:
        moved = replace(answered, stage=Stage.RESULT, question=None)
    else:
        moved = replace(answered, question=following.id)
    replies = [Reply(current_screen(moved, ctx), edit=True)]
    if moved.stage is Stage.RESULT and ctx.has_case:  # the open case gets the new answers
        update = _request_lawyer(moved, ctx, edit=False)
        return Outcome(moved, (*replies, *update.replies), update.effects)
    if moved.stage is Stage.RESULT and _offers_lawyer(moved, ctx.flow):
        replies.append(Reply(Consent(moved.reader)))
    return Outcome(moved, tuple(replies))


def _offers_lawyer(state: InterviewState, flow: Flow) -> bool:
    """High and urgent results, and unclear ones, ask at once to share the case."""
    return flow.assess(flow.relevant(state.answers)).offers_lawyer


def _back(state: InterviewState, ctx: Context) -> Outcome:
    if state.picking_day:
        moved = replace(state, picking_day=False)
    elif state.stage is Stage.WELCOME:
        return _hint(state, NoticeKind.STALE_BUTTON, ctx)
    elif not state.history:
        moved = InterviewState(locale=state.locale, answers=state.answers)
    else:
        *earlier, previous = state.history
        moved = replace(
            state,
            stage=Stage.ASKING,
            question=previous,
            history=tuple(earlier),
            selected=_ticked(ctx.flow.by_id[previous], state.answers),
        )
    return Outcome(moved, (Reply(current_screen(moved, ctx), edit=True),))


def _ticked(question: Question, answers: Mapping[str, str]) -> tuple[str, ...]:
    """The options to show ticked again when going back to a question with several answers."""
    answer = answers.get(question.id)
    if question.kind is not QuestionKind.MULTI or answer is None:
        return ()
    return tuple(o.id for o in question.chosen(answer) if not o.exclusive)


def _offer_lawyer(state: InterviewState, ctx: Context) -> Outcome:
    """Ask consent to share the answers, unless the person already has a case."""
    if ctx.has_case:
        return _request_lawyer(state, ctx, edit=False)
    return Outcome(state, (Reply(Consent(state.reader)),))


def _request_lawyer(state: InterviewState, ctx: Context, *, edit: bool) -> Outcome:
    """Record the request with the answers so far (the effect), and say so."""
    answers = ctx.flow.relevant(state.answers)
    level: Level | None = ctx.flow.assess(answers).level
    if state.stage is not Stage.RESULT and level is Level.LOW:
        level = None
    effect = RequestLawyer(level, answers)
    requested = LawyerRequested(state.reader, ctx.flow.reminders(answers, ctx.today))
    replies = (Reply(requested, edit=edit), *_unless_result(state, ctx))
    return Outcome(state, replies, (effect,))


def _unless_result(state: InterviewState, ctx: Context) -> tuple[Reply, ...]:
    """The current screen again, so the person can go on answering (not after the result)."""
    return () if state.stage is Stage.RESULT else (Reply(current_screen(state, ctx)),)


def _ask(state: InterviewState, question: Question, flow: Flow) -> Ask:
    answers = flow.relevant(state.answers)
    place = flow.progress(state.answers, question.id)
    urgent = flow.assess(answers).level is Level.URGENT
    selected = state.selected if question.kind is QuestionKind.MULTI else ()
    previous = _previous(state, flow)
    return Ask(question, place.number, place.total, state.reader, urgent, selected, previous)


def _previous(state: InterviewState, flow: Flow) -> Answered | None:
    """The answer to the question asked before this one, if it is still on the path."""
    if not state.history:
        return None
    last = state.history[-1]
    return next((row for row in flow.answered(state.answers) if row.question == last), None)


def result_of(
    answers: Mapping[str, str], reader: Reader | None, today: date, flow: Flow = INTERVIEW
) -> Result:
    """The result screen for the answers on a person's path (``Flow.relevant``)."""
    given = flow.answered(answers)
    answers = flow.settled(answers)
    assessment = flow.assess(answers)
    actions = flow.plan(answers, today)
    topics = flow.result_topics([action.topic for action in actions], answers)
    return Result(
        assessment.level,
        assessment.reasons,
        actions,
        reader,
        topics,
        assessment.summary,
        given,
    )


def _result(state: InterviewState, ctx: Context) -> Result:
    return result_of(ctx.flow.relevant(state.answers), state.reader, ctx.today, ctx.flow)


def _in_place(state: InterviewState, screen: Screen) -> Outcome:
    """Show ``screen`` in place of the message whose button was pressed; the state stays."""
    return Outcome(state, (Reply(screen, edit=True),))

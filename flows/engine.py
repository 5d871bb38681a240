"""The interview engine: state + event → new state + replies + effects. Pure: no I/O, no clock."""

from __future__ import annotations

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
from flows.checklist import plan
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
from flows.guidance import TOPICS_BY_ID, result_topics
from flows.interview import QUESTIONS, QUESTIONS_BY_ID
from flows.model import Level, Option, Question, QuestionKind
from flows.path import next_question, progress, relevant_answers
from flows.risk import assess
from flows.screens import (
    About,
    Answered,
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

MAX_TEXT_LENGTH = 4096
PICKER_DAYS = range(2, 14)
"""Days offered by the day picker, counted back from today (today and yesterday have buttons)."""
OLDEST_DAY = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one event: the state to store, what to show, what to do."""

    state: InterviewState
    replies: tuple[Reply, ...]
    effects: tuple[Effect, ...] = ()


def handle(state: InterviewState, event: Event, ctx: Context) -> Outcome:
    """Advance the conversation by one event."""
    state = _still_valid(state)
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


def _still_valid(state: InterviewState) -> InterviewState:
    """A state whose current question left the interview goes back to the welcome screen."""
    if state.stage is Stage.ASKING and state.question not in QUESTIONS_BY_ID:
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
    question = QUESTIONS_BY_ID.get(state.question or "")
    if state.stage is Stage.WELCOME or question is None:
        return Safety()
    if state.picking_day:
        days = tuple(ctx.today - timedelta(days=n) for n in PICKER_DAYS)
        return PickDay(question, days, state.reader)
    return _ask(state, question)


def _start(state: InterviewState, ctx: Context) -> Outcome:
    if state.stage is Stage.WELCOME:
        return Outcome(state, (Reply(Welcome()), Reply(Safety())))
    return _hint(state, NoticeKind.RESUMED, ctx)


def _restart(state: InterviewState, ctx: Context) -> Outcome:
    fresh = InterviewState(locale=state.locale, stage=Stage.ASKING, question=QUESTIONS[0].id)
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
        case TopicButton(topic_id, origin) if topic_id in TOPICS_BY_ID:
            return _in_place(state, Guidance(TOPICS_BY_ID[topic_id], origin))
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
        case AnswerButton(question_id, option_id):
            question = _current_question(state, question_id)
            option = question.option(option_id) if question else None
            if question and option:
                return _answer(state, question, option.id, option, ctx)
        case DayButton(question_id, day):
            question = _current_question(state, question_id)
            if question and question.kind is QuestionKind.DATE:
                return _day(state, question, day, ctx)
    return _hint(state, NoticeKind.STALE_BUTTON, ctx)


def _current_question(state: InterviewState, question_id: str) -> Question | None:
    if state.stage is not Stage.ASKING or state.question != question_id:
        return None
    return QUESTIONS_BY_ID.get(question_id)


def _day(
    state: InterviewState, question: Question, day: RelativeDay | date, ctx: Context
) -> Outcome:
    if day is RelativeDay.PICK:
        picking = replace(state, picking_day=True)
        return Outcome(picking, (Reply(current_screen(picking, ctx), edit=True),))
    if isinstance(day, RelativeDay):
        chosen = ctx.today - timedelta(days=0 if day is RelativeDay.TODAY else 1)
    elif ctx.today - OLDEST_DAY <= day <= ctx.today:
        chosen = day
    else:
        return _hint(state, NoticeKind.STALE_BUTTON, ctx)
    return _answer(state, question, chosen.isoformat(), chosen, ctx)


def _answer(
    state: InterviewState, question: Question, value: str, shown: Option | date, ctx: Context
) -> Outcome:
    answered = state.with_answer(question.id, value)
    following = next_question(answered.answers, after=question.id)
    if following is None:
        moved = replace(answered, stage=Stage.RESULT, question=None)
    else:
        moved = replace(answered, question=following.id)
    confirmation = Reply(Answered(question, shown, answered.reader), edit=True)
    replies = [confirmation, Reply(current_screen(moved, ctx))]
    if moved.stage is Stage.RESULT and not ctx.has_case and _is_urgent(moved):
        replies.append(Reply(Consent(moved.reader)))
    return Outcome(moved, tuple(replies))


def _is_urgent(state: InterviewState) -> bool:
    return assess(relevant_answers(state.answers)).level is Level.URGENT


def _back(state: InterviewState, ctx: Context) -> Outcome:
    if state.picking_day:
        moved = replace(state, picking_day=False)
    elif state.stage is Stage.WELCOME:
        return _hint(state, NoticeKind.STALE_BUTTON, ctx)
    elif not state.history:
        moved = InterviewState(locale=state.locale, answers=state.answers)
    else:
        *earlier, previous = state.history
        moved = replace(state, stage=Stage.ASKING, question=previous, history=tuple(earlier))
    return Outcome(moved, (Reply(current_screen(moved, ctx), edit=True),))


def _offer_lawyer(state: InterviewState, ctx: Context) -> Outcome:
    """Ask consent to share the answers, unless the person already has a case."""
    if ctx.has_case:
        return _request_lawyer(state, ctx, edit=False)
    return Outcome(state, (Reply(Consent(state.reader)),))


def _request_lawyer(state: InterviewState, ctx: Context, *, edit: bool) -> Outcome:
    """Record the request with the answers so far (the effect), and say so."""
    answers = relevant_answers(state.answers)
    level: Level | None = assess(answers).level
    if state.stage is not Stage.RESULT and level is Level.LOW:
        level = None
    effect = RequestLawyer(level, answers)
    replies = (Reply(LawyerRequested(state.reader), edit=edit), *_unless_result(state, ctx))
    return Outcome(state, replies, (effect,))


def _unless_result(state: InterviewState, ctx: Context) -> tuple[Reply, ...]:
    """The current screen again, so the person can go on answering (not after the result)."""
    return () if state.stage is Stage.RESULT else (Reply(current_screen(state, ctx)),)


def _ask(state: InterviewState, question: Question) -> Ask:
    answers = relevant_answers(state.answers)
    place = progress(state.answers, question.id)
    urgent = assess(answers).level is Level.URGENT
    return Ask(question, place.number, place.total, state.reader, urgent)


def _result(state: InterviewState, ctx: Context) -> Result:
    answers = relevant_answers(state.answers)
    assessment = assess(answers)
    actions = plan(answers, ctx.today)
    topics = result_topics([action.topic for action in actions])
    return Result(assessment.level, assessment.reasons, actions, state.reader, topics)


def _in_place(state: InterviewState, screen: Screen) -> Outcome:
    """Show ``screen`` in place of the message whose button was pressed; the state stays."""
    return Outcome(state, (Reply(screen, edit=True),))

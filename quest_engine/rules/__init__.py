"""rules layer: the pure game rules (no pygame, no sqlite3, no clock, no files, no randomness).

Entry points, by module:
- `answers.check_answer(challenge, answer) -> Judgement` judges every challenge kind.
- `minigames`: launch / balance / number-line physics shared with the UI's animation.
- `conditions.evaluate(condition, facts)`: the `when:` interpreter.
- `progression.level_for_xp`, `level_progress`, `DEFAULT_THRESHOLDS`: XP and levels.
- `badges.newly_earned`, `badges.is_unlocked`, `facts.PlayerFacts`: badge rules and locks.
- `run.start_run`, `run.advance` with the actions SubmitAnswer, RequestHint, Proceed,
  SaveDraft, SubmitWork, ReviewResult -> `Transition(state, events, feedback, accepted)`.
- `replay.resume_run`, `replay.fold_run`, `replay.fold_facts`: rebuild state from the log.
- `autoplay.solve`, `autoplay.next_action`: a perfect player for tests and demos.
- `graph.step_position`: "step N of M".

A host resumes or starts a quest like this:

    state, extra = resume_run(quest, player_events)      # append `extra` to the log
    if state is None or state.finished:
        state, events = start_run(quest, facts, ctx, previous=state)   # append events
    t = advance(quest, state, SubmitAnswer("2.4 km"), facts, ctx)      # append t.events
"""

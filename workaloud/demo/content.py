"""The demo community's people, goals and narrated work, as plain data.

Every text here is original. Usernames are referenced in @mentions and in ``R`` responses,
so renaming a person means renaming their mentions too (the tests catch a dangling name).
Update bodies are Markdown, written with leading indentation that the loader removes.
"""

from dataclasses import dataclass, field


@dataclass
class R:
    """A specific response: who writes it, its kind, its text and the update author's reply."""

    who: str
    kind: str
    body: str
    reply: str = ""


@dataclass
class U:
    """A work update, in the order its author narrated it."""

    stage: str
    body: str
    why: str = ""
    who_for: str = ""
    next: str = ""
    ask: str = ""
    resolved: bool = False
    audience: str = "community"
    draft: bool = False
    responses: list[R] = field(default_factory=list)


@dataclass
class G:
    title: str
    why: str
    updates: list[U] = field(default_factory=list)
    status: str = "active"
    audience: str = "community"


@dataclass
class P:
    username: str
    display_name: str
    team: str
    location: str
    timezone: str
    languages: str
    bio: str
    purpose: str
    goals: list[G] = field(default_factory=list)
    updates: list[U] = field(default_factory=list)


# The wider groups the demo's teams belong to.
DEPARTMENTS = {
    "Learning": "People",
    "People & Culture": "People",
    "Platform Engineering": "Technology",
    "Data": "Technology",
    "Research": "Product",
    "Design": "Product",
    "Customer Support": "Commercial",
    "Sales": "Commercial",
}

PEOPLE: list[P] = []


def person(*args, **kwargs) -> P:
    p = P(*args, **kwargs)
    PEOPLE.append(p)
    return p


# --- Learning ----------------------------------------------------------------------------------

person(
    "maya",
    "Maya Okafor-Reid",
    "Learning",
    "Manchester, UK",
    "Europe/London",
    "English, Igbo",
    bio="Facilitator and learning designer. I run our Working Out Loud circles and collect "
    "stories of people helping each other. Tea over coffee, always.",
    purpose="I help colleagues who feel invisible in a big organisation build a small network "
    "of people who know their work and want them to succeed, so that asking for help feels "
    "normal rather than brave.",
    goals=[
        G(
            "Launch three new Working Out Loud circles before the summer break",
            "Last year's circles were full within a day and the waiting list still has 19 "
            "names on it. Three more circles means every one of them gets a place.",
            updates=[
                U(
                    "idea",
                    """\
                    Thinking about how we match people into circles this time. Last round we
                    matched purely by availability, and two circles ended up being four people
                    from the same team — comfortable, but not much new.

                    This round I'd like each circle to have:

                    - at least three different teams
                    - at least two time zones, but no more than four hours apart
                    - one person who has been in a circle before

                    Does that sound like too many rules for a volunteer thing?
                    """,
                    why="Circles work best when people meet someone they would not otherwise meet.",
                    who_for="The 19 people on the waiting list.",
                    next="Draft the sign-up form and test it on two people.",
                    responses=[
                        R(
                            "grace",
                            "comment",
                            "Not too many rules at all. The mixed-team "
                            "circles were the ones people still talk about.",
                        ),
                        R(
                            "jonas",
                            "challenge",
                            "I'd drop the time-zone rule. Some of my best "
                            "conversations were with @sam at 7am my time — people will stretch "
                            "for the right group.",
                            "Fair. I'll make it a preference, not a rule.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    The sign-up form is live for testers. Four questions only:

                    1. What would you like to work towards in the next 12 weeks?
                    2. Which hour of the week could you protect?
                    3. Have you been in a circle before?
                    4. Anything you'd like the matcher to know?

                    @priya and @nadia tried it this morning and both finished in under three
                    minutes, which was the whole point.
                    """,
                    why="A long form loses the people who need a circle most.",
                    next="Open it to the waiting list on Monday.",
                ),
                U(
                    "stuck",
                    """\
                    Matching by hand is taking me far longer than I hoped: 24 sign-ups, and I
                    keep reshuffling the same six people because their free hours barely
                    overlap with anyone.

                    I suspect there's a neat way to do this as a small optimisation problem
                    rather than with sticky notes on my wall.
                    """,
                    next="Kick-off invitations, as soon as the matching is done.",
                    ask="Could someone who likes puzzles help me turn the matching into a "
                    "script, or tell me I'm overthinking it?",
                    resolved=True,
                    responses=[
                        R(
                            "diego",
                            "offer_of_help",
                            "This is a lovely little assignment "
                            "problem. Send me the anonymised sheet and I'll have a first "
                            "matching by tomorrow.",
                            "Sheet is in your inbox. Thank you!",
                        ),
                        R(
                            "zanele",
                            "question",
                            "Do you want to optimise for overlap of free "
                            "hours only, or also for the team mix?",
                            "Both, but the hours are the hard constraint.",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    All 24 people are matched into six circles, and every circle has at least
                    three teams in it. @diego's script found an arrangement in about a second
                    that I hadn't found in two evenings.

                    Kick-off invitations went out today. Six circles, not three — so the goal
                    title is now a modest understatement.
                    """,
                    next="Check in with each circle after their third meeting.",
                    responses=[
                        R(
                            "grace",
                            "encouragement",
                            "Six circles! That's twenty-four people who'll have a better spring.",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Write a facilitator guide that a first-time circle host can follow without me",
            "Right now every circle depends on someone who has done it before. A plain guide "
            "lets the practice spread without a bottleneck called Maya.",
            updates=[
                U(
                    "in_progress",
                    """\
                    First draft of the facilitator guide is at about 60%. The structure:

                    - **Before week 1**: what to send, how to pick a time
                    - **Each meeting**: a 60-minute shape with a check-in, the week's
                      exercise, and a round of "what will you try before next time?"
                    - **When it wobbles**: people missing sessions, one voice dominating,
                      someone who wants to quit

                    The wobbles section is the one I most want feedback on.
                    """,
                    who_for="People who've been in a circle and are nervous about hosting one.",
                    ask="If you've hosted a group of any kind, what went wrong that you wish "
                    "someone had warned you about?",
                    responses=[
                        R(
                            "tariq",
                            "comment",
                            "Silence. The first time nobody answers a "
                            "question, count to ten in your head before you fill it.",
                        ),
                        R(
                            "ruth",
                            "offer_of_help",
                            "I've run reading groups for years. Happy "
                            "to review the wobbles section line by line.",
                        ),
                        R(
                            "kwame",
                            "encouragement",
                            "This is going to be really useful. I'd host one if I had this.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Rewrote the guide's opening after noticing every section started with
                    "you should". It now opens with a short story of my own first, slightly
                    chaotic circle, which feels more honest and less like a policy.
                    """,
                    audience="followers",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "idea",
            """\
            Idea for WOL week: a "lend me your eyes" day where people post one piece of
            unfinished work and ask for exactly one kind of feedback. Not "thoughts?", but
            "is the second paragraph clear?" or "would you click this button?".
            """,
            responses=[
                R("elise", "encouragement", "Yes please. Specific asks get specific help."),
            ],
        ),
        U(
            "in_progress",
            """\
            Note to self, half-formed: what makes someone comment for the first time? I
            keep seeing people read for weeks and then post once a colleague replies to
            them by name.
            """,
            audience="only_me",
            draft=True,
        ),
    ],
)

person(
    "sam",
    "Sam Kealoha",
    "Learning",
    "Honolulu, USA",
    "Pacific/Honolulu",
    "English, ʻŌlelo Hawaiʻi",
    bio="Instructional designer, early riser, amateur ukulele repair person. I make "
    "onboarding less of a firehose.",
    purpose="I design onboarding for new engineers and support staff so their first month "
    "is about understanding why things work the way they do, not just where the buttons are.",
    goals=[
        G(
            "Cut the new-starter onboarding checklist from 74 items to the 20 that matter",
            "New starters tell us the checklist feels like a test they're failing. Most of the "
            "items are either automatic now or only matter in month three.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Sorted all 74 checklist items into three piles with four recent starters:

                    - **Day one, truly needed**: 14
                    - **Useful later**: 31
                    - **Nobody could explain why it's there**: 29

                    The third pile is the fun one. One item asks people to install a VPN
                    client we retired two years ago.
                    """,
                    why="Every extra item tells a newcomer we don't know what matters.",
                    next="Check the 'nobody knows' pile with the teams that own them.",
                    responses=[
                        R(
                            "carlos",
                            "question",
                            "Are any of the 29 about compliance "
                            "training? Those might be mandatory even if nobody remembers why.",
                            "Two are. I'll keep those and explain them properly.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    I need owners for the 31 "useful later" items so they can move into a
                    week-four checklist, but half of them point at teams that have been
                    reorganised since. I'm sending messages into the void.
                    """,
                    next="Draft the week-four checklist with whichever owners reply.",
                    ask="Does anyone know who now owns the internal tools onboarding "
                    "(access requests, laptop setup scripts)?",
                    resolved=True,
                    responses=[
                        R(
                            "lena",
                            "offer_of_help",
                            "That's Platform Engineering now — me for "
                            "the setup scripts, @tomasz for access requests. Send the list "
                            "our way.",
                            "Wonderful, sending it over.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Down to 23 items on the day-one list. Lena and Tomasz took nine items off
                    in a single call by pointing out the setup script already does them.
                    """,
                    next="Test the shorter checklist with the next four new starters.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "done",
            """\
            Recorded a five-minute video walking through our deployment pipeline as a
            drawing on a whiteboard, for new support staff who hear "it's in the deploy
            queue" and have no picture of what that means. Feedback welcome, especially
            from anyone who *isn't* an engineer.
            """,
            who_for="New support staff.",
            responses=[
                R(
                    "linh",
                    "thanks",
                    "This finally made the deploy queue make sense to me. "
                    "Sharing it with my whole team.",
                ),
            ],
        ),
    ],
)

person(
    "nadia",
    "Nadia Petrova",
    "Learning",
    "Sofia, Bulgaria",
    "Europe/Sofia",
    "Български, English, Deutsch",
    bio="Learning programme manager. Former secondary-school chemistry teacher, which explains "
    "the enthusiasm for experiments.",
    purpose="I build learning programmes for managers who were promoted for being good at "
    "their craft and now have to get good at people, so their teams get a boss who listens.",
    goals=[
        G(
            "Pilot a six-week peer coaching programme with twelve new managers",
            "New managers learn most from each other, but only if someone makes the time "
            "and gives the conversations a little structure.",
            updates=[
                U(
                    "idea",
                    """\
                    Sketching a peer coaching pilot: new managers in trios, one hour every
                    two weeks, rotating roles of coach, coachee and observer. The observer
                    role is the part I'm unsure about — it could feel like being watched.
                    """,
                    who_for="Managers in their first year in the role.",
                    ask="Has anyone done trio coaching with an observer? Did it help or feel "
                    "awkward?",
                    responses=[
                        R(
                            "fatima",
                            "comment",
                            "We used observers in the mentoring pilot. "
                            "Awkward for the first ten minutes, then people valued it the most "
                            "— the observer notices the questions, not the answers.",
                        ),
                        R(
                            "jonas",
                            "challenge",
                            "Six weeks with a session every two weeks is "
                            "only three sessions. Is that enough to build trust?",
                            "Good point. I'll go weekly and keep each session to 45 minutes.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Twelve managers signed up, from five teams. We start on the 14th. I wrote
                    a one-page guide for each role; the coach one ends with:

                    > Your job is to ask, not to solve. If you catch yourself giving advice,
                    > turn it into a question.
                    """,
                    next="Kick-off session and first trio meetings.",
                    responses=[
                        R(
                            "maya",
                            "encouragement",
                            "Love that line. Stealing it for the circle guide, with credit.",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Learn enough German to run a workshop in Munich without switching to English",
            "Personal goal. Half of the Munich team is more comfortable in German and I'd like "
            "to meet them there.",
            audience="followers",
            updates=[
                U(
                    "in_progress",
                    """\
                    Woche drei. I can now explain the workshop agenda in German, slowly, and
                    understand most questions if people are kind with the speed. @jonas has
                    agreed to a 20-minute practice every Thursday.
                    """,
                    audience="followers",
                ),
            ],
        ),
    ],
)

person(
    "tariq",
    "Tariq Hussain",
    "Learning",
    "Karachi, Pakistan",
    "Asia/Karachi",
    "اردو, English",
    bio="Learning technologist. I keep the learning platform running and try to make it "
    "something people choose to open.",
    purpose="I make our internal courses searchable and short, so a support agent on a night "
    "shift can find a five-minute answer instead of a two-hour module.",
    goals=[
        G(
            "Make every internal course searchable by the question it answers",
            "People don't search for course titles; they search for their problem. Our "
            "catalogue is indexed by course title only.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Tagged the first 40 courses with the questions they answer, written the
                    way people actually ask them, e.g. *"how do I refund a partial order"*
                    rather than *"Refunds module 2"*. Search logs gave me the phrasing.
                    """,
                    why="Half of all catalogue searches currently return nothing.",
                    next="Another 60 courses, then measure the zero-result rate again.",
                ),
                U(
                    "stuck",
                    """\
                    The learning platform's search ignores the new question tags unless the
                    index is rebuilt, and a rebuild takes the site down for forty minutes.
                    I can't find a way to rebuild incrementally.
                    """,
                    why="Until the index is rebuilt, the question tags are invisible to learners.",
                    ask="Has anyone worked with the learning platform's search index? Is "
                    "there an incremental rebuild I'm missing?",
                    resolved=True,
                    responses=[
                        R(
                            "aiko",
                            "offer_of_help",
                            "I looked at its search a while ago — it "
                            "wraps a standard full-text index. There is a partial reindex "
                            "command; let's pair on it for half an hour.",
                            "That would be great. Tomorrow at 10 your time?",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Zero-result searches are down from 48% to 17% since the question tags went
                    live. Aiko found the partial reindex and it takes under a minute now.

                    ```
                    ./manage_lms reindex --only-changed --since 2h
                    ```

                    Thank you @aiko!
                    """,
                    next="Tag the remaining 40 courses and look at what people still can't find.",
                    responses=[
                        R("sam", "encouragement", "48 to 17 is huge. Night shift will notice."),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "ruth",
    "Ruth Cohen",
    "Learning",
    "Tel Aviv, Israel",
    "Asia/Jerusalem",
    "עברית, English",
    bio="Writer and editor on the Learning team. I turn expert knowledge into things a tired "
    "person can read at 5pm.",
    purpose="I help experts in the company write down what they know clearly enough that "
    "it outlives their calendar, so teams stop depending on one person's memory.",
    goals=[
        G(
            "Publish a plain-language writing guide for internal documentation",
            "Our docs are written by experts for experts. A short guide with before-and-after "
            "examples could make every team's documentation kinder.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Collected 30 before-and-after examples from real internal docs (with
                    permission). My favourite before: *"Utilise the aforementioned procedure
                    subsequent to verification."* After: *"Then follow the steps above."*
                    """,
                    who_for="Anyone who writes a README, a runbook or a how-to.",
                    responses=[
                        R(
                            "siobhan",
                            "thanks",
                            "Our macros are full of 'utilise'. I'm going to print this.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    The guide has a first full draft: ten rules, each on one screen. I've cut
                    anything that sounded like grammar school. Rule one is simply "say who
                    this is for in the first line".
                    """,
                    next="Three trial runs on technical docs, then a round of edits.",
                    ask="Looking for three people from technical teams to try the guide on "
                    "a doc they own and tell me where it falls short.",
                    responses=[
                        R(
                            "devraj",
                            "offer_of_help",
                            "I'll try it on our on-call runbook, which definitely needs it.",
                        ),
                        R(
                            "astrid",
                            "offer_of_help",
                            "Count me in — our metric definitions doc is a good test.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Platform Engineering ------------------------------------------------------------------------

person(
    "tomasz",
    "Tomasz Wiśniewski",
    "Platform Engineering",
    "Kraków, Poland",
    "Europe/Warsaw",
    "Polski, English",
    bio="Platform engineer. Access, identity and the boring infrastructure that should never "
    "be anyone's problem. Cycles to work in all weathers.",
    purpose="I make access to internal systems fast and safe, so a new colleague is productive "
    "on day one and a leaving colleague's access is gone the same afternoon.",
    goals=[
        G(
            "Reduce access-request turnaround from three days to same-day",
            "Waiting three days for a database read role is three days of a new colleague "
            "feeling useless.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Mapped where access requests actually wait. Most of the three days is not
                    the approval — it's the request sitting unassigned in a shared queue.
                    Median waits per step:

                    - unassigned in queue: **41 hours**
                    - waiting for manager approval: 9 hours
                    - provisioning: 12 minutes
                    """,
                    why="The fix is routing, not more approvers.",
                    next="Auto-assign by system owner.",
                    responses=[
                        R(
                            "lena",
                            "comment",
                            "That 12 minutes at the end is the only part "
                            "we ever optimised. Classic.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Auto-assignment needs an owner for every internal system, and about a
                    third of our 140 systems have an owner who left. I'm not keen on
                    becoming the owner of everything by default.
                    """,
                    why="Without owners, requests will still sit in the shared queue.",
                    ask="Ideas for getting teams to claim ownerless systems without it "
                    "turning into a blame exercise?",
                    resolved=True,
                    responses=[
                        R(
                            "fatima",
                            "offer_of_help",
                            "Make it an amnesty: a two-week window, "
                            "a friendly list, and no questions about how it happened. I can "
                            "help with the wording.",
                            "An amnesty — perfect framing.",
                        ),
                        R(
                            "ben",
                            "challenge",
                            "Could you just archive anything that nobody "
                            "claims after a month? Scarcity is motivating.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    The ownership amnesty worked better than expected: 38 of 46 orphaned
                    systems claimed in ten days. Auto-assignment is live for those. Median
                    turnaround this week: **7 hours**.
                    """,
                    next="Chase the last eight systems personally, with coffee.",
                    responses=[
                        R(
                            "sam",
                            "thanks",
                            "New starters this week got access before lunch. Thank you!",
                        ),
                    ],
                ),
            ],
        ),
    ],
    updates=[
        U(
            "idea",
            """\
            Wondering whether we should show people, on their profile, which systems they
            have access to and when it was last used. Part transparency, part gentle
            nudge to give back access you don't need.
            """,
            responses=[
                R(
                    "henrik",
                    "question",
                    "Would that be visible to others or just to the "
                    "person? I'd be careful about showing it to everyone.",
                    "Only to the person and their manager. Good flag.",
                ),
            ],
        ),
    ],
)

person(
    "aiko",
    "Aiko Tanaka",
    "Platform Engineering",
    "Tokyo, Japan",
    "Asia/Tokyo",
    "日本語, English",
    bio="Search and storage engineer. I like databases that tell you why they are slow.",
    purpose="I keep our search and storage fast and predictable so product teams can build "
    "features without a performance expert in the room.",
    goals=[
        G(
            "Bring p95 search latency under 200 ms for the help centre",
            "Customers searching the help centre give up after about a second. Today p95 is "
            "640 ms.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Profiled the slowest 1% of help-centre searches. Two thirds of the time
                    goes into a synonym expansion that turns "refund" into 38 terms.

                    ```sql
                    -- what a single query expands to, trimmed
                    SELECT ... WHERE body @@ to_tsquery('refund | money | back | return | ...')
                    ```
                    """,
                    next="Try a smaller, curated synonym list.",
                    responses=[
                        R(
                            "linh",
                            "question",
                            "Would a smaller list hurt the searches our "
                            "customers actually type? Happy to share the top 200 queries.",
                            "Yes please — that's exactly the test set I need.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    With @linh's list of the top 200 real queries as a test set, the curated
                    synonyms keep 97% of the good results and p95 is down to **260 ms**.
                    Close.
                    """,
                    next="Cache the synonym expansion and measure again.",
                    audience="community",
                ),
                U(
                    "done",
                    """\
                    p95 is 180 ms in production this week. The last step was caching the
                    synonym expansion per query instead of per request. Writing up the
                    details for the engineering blog.
                    """,
                    next="Set an alert so we notice if it creeps back above 250 ms.",
                    responses=[
                        R("tomasz", "encouragement", "From 640 to 180. Nicely done."),
                        R(
                            "carlos",
                            "thanks",
                            "The support team noticed before we saw the "
                            "numbers — customers stopped complaining about search.",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Write the storage runbook I wish I had in my first month",
            "Three people were paged last quarter for disk alerts they didn't understand.",
            status="achieved",
            updates=[
                U(
                    "done",
                    """\
                    The storage runbook is published. It covers the five alerts that page
                    people most, each with: what it means, how urgent it really is, and the
                    first three commands to run. @ruth's writing guide made it much shorter.
                    """,
                    who_for="Whoever is on call, especially for the first time.",
                    responses=[
                        R(
                            "devraj",
                            "thanks",
                            "Used it on Tuesday night. Calm fix in ten minutes instead of a panic.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "devraj",
    "Devraj Patel",
    "Platform Engineering",
    "London, UK",
    "Europe/London",
    "English, ગુજરાતી",
    bio="Site reliability engineer. On-call whisperer. Bakes sourdough with the same "
    "patience he gives flaky tests.",
    purpose="I make on-call humane: fewer pages, clearer alerts and runbooks that work at "
    "3am, so the people who keep our systems running still enjoy their jobs.",
    goals=[
        G(
            "Halve the number of out-of-hours pages per week",
            "We page people 23 times a week on average, and most pages need no action.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Classified the last 200 pages. 61% needed no action at all, and 14% were
                    duplicates of another page firing at the same time.

                    Plan:

                    1. Delete the alerts that never needed action (with their owners' OK)
                    2. Group related alerts so one incident is one page
                    3. Move the rest to business hours where nothing is on fire
                    """,
                    why="Every unnecessary page teaches people to ignore pages.",
                    who_for="Everyone on the on-call rota.",
                    responses=[
                        R(
                            "aiko",
                            "encouragement",
                            "Please start with the disk alerts. I will bake you something.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Grouping alerts needs our monitoring rules to carry a service label, and
                    the older half of our rules don't. Adding it by hand to ~400 rules is a
                    week of tedium and easy to get wrong.
                    """,
                    next="Label the rules, then group alerts by service.",
                    ask="Does anyone have a script that rewrites alert rule files safely? "
                    "Or a better idea than doing it by hand?",
                    resolved=True,
                    responses=[
                        R(
                            "omar",
                            "offer_of_help",
                            "I wrote something similar for our data "
                            "quality checks: parse the YAML, add the label from the file path, "
                            "write it back and diff. Want it?",
                            "Yes! That's almost exactly our layout.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Omar's script labelled 396 of 402 rules; the other six I fixed by hand.
                    Grouping went live Monday. Pages this week: **11**, down from 23.
                    """,
                    next="Move the remaining non-urgent alerts to business hours.",
                    responses=[
                        R(
                            "lena",
                            "comment",
                            "Noticed it on my shift — one page for the "
                            "whole queue incident instead of seven.",
                        ),
                    ],
                ),
            ],
        ),
    ],
    updates=[
        U(
            "in_progress",
            """\
            Trying @ruth's writing guide on our on-call runbook. Rule one ("say who this is
            for in the first line") already changed the whole thing: the runbook was
            written for the person who built the system, not the person woken up by it.
            """,
        ),
    ],
)

person(
    "lena",
    "Lena Hoffmann",
    "Platform Engineering",
    "Berlin, Germany",
    "Europe/Berlin",
    "Deutsch, English",
    bio="Developer experience engineer. Builds the tools engineers use before they've had "
    "coffee. Board games, climbing, too many houseplants.",
    purpose="I shorten the distance between an idea and running code for the engineers here, "
    "so that trying something small never needs a ticket or a week.",
    goals=[
        G(
            "Get a fresh laptop to a running development environment in under 30 minutes",
            "Today it takes most of a day and usually a helpful colleague.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Timed three fresh laptop setups this week. Median: 5 h 40 min. The long
                    poles:

                    - cloning and building the monorepo: 70 min
                    - waiting for access to package registries: 2 h (see @tomasz's work!)
                    - local database seed: 45 min
                    """,
                    next="Prebuilt caches for the monorepo build.",
                ),
                U(
                    "in_progress",
                    """\
                    Prebuilt build caches cut the monorepo step from 70 to 9 minutes. The
                    database seed is next; I'd like to ship a small, realistic sample instead
                    of a copy of staging.
                    """,
                    why="The seed step is the last long wait on the first morning.",
                    ask="Anyone in Data who could help me define a small but realistic seed "
                    "dataset? Ideally under 200 MB and with no personal data.",
                    responses=[
                        R(
                            "zanele",
                            "offer_of_help",
                            "Yes — we have a synthetic dataset for "
                            "our tests that might be most of the way there. Let's talk.",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Fresh laptop to running app: **27 minutes** on the last two setups. Thank
                    you @zanele for the synthetic seed data and @tomasz for same-day access.
                    Writing up the one-page "first morning" guide now.
                    """,
                    who_for="Every engineer we hire, and everyone who gets a new laptop.",
                    responses=[
                        R(
                            "sam",
                            "thanks",
                            "This changes the first day for every engineer we "
                            "hire. Adding the guide to onboarding.",
                        ),
                        R(
                            "meiling",
                            "encouragement",
                            "Herzlichen Glückwunsch! Under 30 minutes is something to be proud of.",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Try one internal tool idea a fortnight and keep a public log",
            "Small experiments keep the developer experience team honest about what "
            "people actually use.",
            updates=[
                U(
                    "idea",
                    """\
                    Experiment #3: a chat command that tells you which team owns a given
                    service and who's on call right now. Half of our "who do I ask?" messages
                    in the engineering channel are exactly this.
                    """,
                    next="Two-week trial in the engineering and support channels.",
                    responses=[
                        R(
                            "kwame",
                            "question",
                            "Would it work for support too? We ask that question five times a day.",
                            "It should — it reads the same "
                            "ownership data. I'll add you to the test.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Research ----------------------------------------------------------------------------------

person(
    "amara",
    "Amara Nwosu",
    "Research",
    "Lagos, Nigeria",
    "Africa/Lagos",
    "English, Igbo, Yorùbá",
    bio="User researcher. I spend my days listening to small business owners and my evenings "
    "teaching my nieces chess.",
    purpose="I bring the voices of small shop owners in West Africa into our product "
    "decisions, so what we build works on a patchy connection and a shared phone.",
    goals=[
        G(
            "Run twelve interviews with shop owners about how they reconcile payments",
            "We assume people check payments daily in the app. Early signals say they do it "
            "weekly, on paper, with a relative's help.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Seven interviews done. The pattern is stronger than I expected: five of
                    seven reconcile once a week, on Sunday, with a notebook. Two asked a
                    child to read the app for them.

                    One owner said: *"The app is for my son. The notebook is for me."*
                    """,
                    why="If reconciliation is weekly, our daily summary is the wrong shape.",
                    who_for="The payments product team.",
                    responses=[
                        R(
                            "sofia",
                            "comment",
                            "Same pattern in our Colombian interviews last "
                            "year — weekly, paper, family member. Let's compare notes.",
                        ),
                        R(
                            "olu",
                            "question",
                            "Did anyone mention printing? Some of my "
                            "customers in Toronto still ask for a printable weekly statement.",
                            "Yes, two of them! I'll dig into that in the remaining five.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Three of my remaining interviewees have cancelled because of connectivity
                    problems during video calls. Doing research about patchy connections over
                    a patchy connection is a bit too meta.
                    """,
                    next="Try voice calls with the next two participants.",
                    ask="Has anyone run remote interviews by voice call or voice notes? How "
                    "did you handle consent and note-taking?",
                    resolved=True,
                    responses=[
                        R(
                            "grace",
                            "offer_of_help",
                            "We did voice-note diaries in Nairobi. "
                            "Consent by a recorded short script worked well. I'll send you "
                            "our template.",
                            "Thank you, Grace — this saves my study.",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Twelve interviews done (five by phone, using Grace's consent script).
                    Findings deck shared with the payments team; the headline:

                    > Design for the Sunday reconciliation, not the daily glance.

                    They've already sketched a weekly summary with a print option.
                    """,
                    who_for="The payments product team and anyone designing for small merchants.",
                    responses=[
                        R(
                            "camila",
                            "encouragement",
                            "This is going to matter in Brazil too. Brilliant work.",
                        ),
                        R(
                            "henrik",
                            "challenge",
                            "Twelve is a great start, but all in two "
                            "cities. Would you bet the roadmap on it yet?",
                            "Not the roadmap — one feature experiment. Agreed it needs more.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "sofia",
    "Sofía Herrera",
    "Research",
    "Bogotá, Colombia",
    "America/Bogota",
    "Español, English, Português",
    bio="Research lead. Mixed methods, strong coffee and a soft spot for survey design.",
    purpose="I help product teams ask better questions before they build, so that fewer "
    "features ship to solve problems nobody had.",
    goals=[
        G(
            "Build a shared library of past research that any team can search",
            "We keep re-running studies that someone already did two years ago, because the "
            "old reports live in personal folders.",
            updates=[
                U(
                    "idea",
                    """\
                    What if every research report had a one-paragraph "what we learned" at
                    the top, written for someone outside research, and we indexed only that?
                    Most people won't read a 40-slide deck, but they'll read a paragraph.
                    """,
                    who_for="Product managers and designers who need an answer before Friday.",
                    responses=[
                        R(
                            "tariq",
                            "offer_of_help",
                            "This is very close to what I'm doing "
                            "with course tags. Happy to share how I wrote the summaries.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    58 past studies now have a "what we learned" paragraph. Favourite find: a
                    2021 study that answered the exact question a team asked me last week.
                    ¡Qué casualidad!
                    """,
                    next="Pick a tool to host the library (wiki page vs. a small search app).",
                    ask="Opinions on where this should live? I'd like it where product "
                    "managers already look, not another new tool.",
                    responses=[
                        R(
                            "ben",
                            "comment",
                            "Wherever it is, make it linkable per study. "
                            "I'd paste those links into customer conversations.",
                        ),
                        R(
                            "meiling",
                            "question",
                            "Could the paragraphs carry tags for product "
                            "area and method? That's how I'd filter.",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Mentor two researchers through their first solo study",
            "Both are ready; they just need someone beside them the first time.",
            audience="followers",
            updates=[
                U(
                    "in_progress",
                    """\
                    Both mentees have drafted their discussion guides. The hardest habit to
                    unlearn is asking "would you use this?" — we spent an hour rewriting those
                    into questions about what people did last week.
                    """,
                    audience="followers",
                ),
            ],
        ),
    ],
)

person(
    "henrik",
    "Henrik Lindqvist",
    "Research",
    "Stockholm, Sweden",
    "Europe/Stockholm",
    "Svenska, English",
    bio="Quantitative researcher. Sceptic by training, optimist by temperament. Cross-country "
    "skier.",
    purpose="I help teams tell a real effect from noise, so that decisions about what to keep "
    "and what to drop rest on evidence rather than on who argues loudest.",
    goals=[
        G(
            "Publish a short guide to reading A/B test results without a statistician",
            "Teams are running more experiments than we can review, and some are declaring "
            "wins on tiny samples.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Draft outline of the guide, organised by the questions people ask me:

                    - *Is this result real?* (and why "significant" isn't the same as "big")
                    - *How long should I run it?* (decide before you look)
                    - *The numbers moved the wrong way. Now what?*

                    Each section ends with a worked example from our own experiments.
                    """,
                    who_for="Product managers and designers running experiments.",
                    responses=[
                        R(
                            "ines",
                            "thanks",
                            "Please include 'decide before you look' in large "
                            "letters. I have definitely peeked.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    The worked examples need real experiment data, but most of our old tests
                    don't have the raw numbers saved, just screenshots of the dashboard.
                    """,
                    why="Made-up numbers don't convince anyone; our own past experiments do.",
                    ask="Does anyone have a past experiment with raw per-day numbers I could "
                    "use (anonymised)? Ideally one with a surprising result.",
                    responses=[
                        R(
                            "astrid",
                            "offer_of_help",
                            "The checkout-button test from March has "
                            "daily numbers in our warehouse, and it reversed after a week. "
                            "Perfect cautionary tale.",
                        ),
                    ],
                ),
            ],
        ),
    ],
    updates=[
        U(
            "idea",
            """\
            Half-serious idea: a monthly "null results" lunch where teams present
            experiments that showed nothing. Knowing what *doesn't* work is valuable, and
            nobody else is going to celebrate it.
            """,
            responses=[
                R("diego", "encouragement", "I'd come. I have three null results and a sandwich."),
                R(
                    "sofia",
                    "comment",
                    "Research would co-host. Some of our best insights came from a flat line.",
                ),
            ],
        ),
    ],
)

person(
    "meiling",
    "Mei-Ling Chen",
    "Research",
    "Taipei, Taiwan",
    "Asia/Taipei",
    "中文, English, Deutsch",
    bio="Design researcher. Diary studies, card sorts and the occasional calligraphy workshop.",
    purpose="I help teams understand how people organise their own information, so our "
    "navigation matches the words and groupings people already use.",
    goals=[
        G(
            "Redesign the help-centre categories based on a card sort with 40 customers",
            "Customers can't find articles because our categories mirror our org chart.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Open card sort with 40 customers is done. The clearest finding: people
                    group by *situation* ("something went wrong with an order") rather than
                    by *feature* ("Orders", "Payments"). Eight stable groups emerged.
                    """,
                    who_for="The help-centre team and Customer Support.",
                    responses=[
                        R(
                            "siobhan",
                            "encouragement",
                            "This matches what agents hear every "
                            "day. Can't wait to see the new categories.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Tree test of the new categories: 78% of tasks found on the first try, up
                    from 52% with the current structure. The one weak spot is anything about
                    invoices, which people expect in three different places.
                    """,
                    next="Settle the invoice category, then hand over to the help-centre team.",
                    ask="Anyone who knows our invoicing flows well enough to help me name "
                    "that category? Fifteen minutes would do.",
                    resolved=True,
                    responses=[
                        R(
                            "carlos",
                            "offer_of_help",
                            "Invoices are 20% of my tickets. Happy to talk it through.",
                            "Perfect, booked us a slot.",
                        ),
                        R(
                            "noor",
                            "comment",
                            "We had the same split in the account "
                            "settings redesign — we ended up with 'Bills and receipts'.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- People & Culture ----------------------------------------------------------------------------

person(
    "fatima",
    "Fatima Al-Sayed",
    "People & Culture",
    "Dubai, UAE",
    "Asia/Dubai",
    "العربية, English, Français",
    bio="People partner for engineering and research. Believes most conflicts are "
    "misunderstandings with a deadline.",
    purpose="I help managers have the difficult conversations early, while they are still "
    "small, so that people are treated fairly and nobody is surprised by feedback.",
    goals=[
        G(
            "Run a mentoring pilot pairing 15 mentors with people in their first year",
            "First-year colleagues leave at twice the rate of everyone else, and exit "
            "interviews mention feeling alone.",
            updates=[
                U(
                    "in_progress",
                    """\
                    15 pairs matched, first meetings happening this week. We matched across
                    teams on purpose, so mentors have no reporting line to their mentee.

                    Small detail that mattered: we gave every pair a shared list of ten
                    first-conversation questions, so nobody has to invent the start.
                    """,
                    why="A first-year colleague with one trusted person outside their team is "
                    "much less likely to leave.",
                    responses=[
                        R(
                            "grace",
                            "encouragement",
                            "Those first-conversation questions are such a kind touch.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Mid-point check-in: 13 of 15 pairs met at least three times. Two stalled
                    because the mentor got busy. I'm going to re-match those mentees rather
                    than chase the mentors.
                    """,
                    next="Re-match the two stalled mentees this week.",
                    audience="followers",
                ),
            ],
        ),
        G(
            "Rewrite our feedback guidance so it fits on one page",
            "The current guidance is 14 pages and nobody reads past page two.",
            status="achieved",
            updates=[
                U(
                    "done",
                    """\
                    The one-page feedback guide is out. It fits on one side of A4 with three
                    parts: *what you saw*, *the effect it had*, *what you'd like next time*.
                    Managers in the pilot said it took them from "I'll wait for the review"
                    to "I'll mention it on Friday".
                    """,
                    responses=[
                        R(
                            "jonas",
                            "thanks",
                            "Using it already. The 'effect it had' part is "
                            "the piece I always skipped.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "grace",
    "Grace Mwangi",
    "People & Culture",
    "Nairobi, Kenya",
    "Africa/Nairobi",
    "English, Kiswahili",
    bio="Wellbeing and inclusion lead. Runner, choir alto, organiser of far too many potlucks.",
    purpose="I make sure people in our smaller offices get the same support, recognition and "
    "career chances as people at headquarters, because talent isn't concentrated in one city.",
    goals=[
        G(
            "Give every office outside HQ a monthly open session with a senior leader",
            "Colleagues in Nairobi, Accra and Ho Chi Minh City rarely get time with senior "
            "leaders, and it shows in promotion numbers.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Eight senior leaders have agreed to host one 45-minute open session a
                    month, scheduled in the host office's morning rather than HQ's. First
                    session with Accra is next Wednesday, hosted by our CTO.
                    """,
                    who_for="Colleagues in our regional offices.",
                    responses=[
                        R(
                            "kwame",
                            "encouragement",
                            "Accra is ready! People have already started writing questions.",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    First three open sessions done: Accra, Nairobi and Ho Chi Minh City. 110
                    people attended in total. The most-asked question everywhere: *how do
                    promotions get decided, and who is in the room?*
                    """,
                    next="Work with @fatima on a clear answer to that question.",
                    responses=[
                        R(
                            "fatima",
                            "offer_of_help",
                            "Yes. Let's write it down publicly; secrecy is the problem here.",
                        ),
                        R(
                            "linh",
                            "thanks",
                            "Thank you for putting Ho Chi Minh City on the "
                            "list. It meant a lot to the team.",
                        ),
                    ],
                ),
            ],
        ),
    ],
    updates=[
        U(
            "stuck",
            """\
            Planning the inclusion survey and stuck on the demographic questions. I want
            them optional, respectful and useful, and every draft fails one of those three.
            """,
            ask="Has anyone seen a demographic section in a workplace survey that felt "
            "respectful to answer? Links very welcome.",
            resolved=True,
            responses=[
                R(
                    "henrik",
                    "offer_of_help",
                    "I can help with the part about making "
                    "optional answers still analysable. Small groups need care.",
                    "That's the part I'm least sure about. Thank you.",
                ),
                R(
                    "sofia",
                    "comment",
                    "Let people describe themselves in their own words "
                    "for at least one question. People notice.",
                ),
            ],
        ),
    ],
)

person(
    "jonas",
    "Jonas Becker",
    "People & Culture",
    "Munich, Germany",
    "Europe/Berlin",
    "Deutsch, English",
    bio="Learning and development partner for the Munich office. Father of two, bad at "
    "sleeping, good at flipcharts.",
    purpose="I help managers in Munich grow their people through everyday work rather than "
    "training days, because most learning happens in the next hard project.",
    goals=[
        G(
            "Help ten Munich teams try stretch assignments for one quarter",
            "Our engagement survey says people want to grow without changing jobs.",
            updates=[
                U(
                    "idea",
                    """\
                    Idea: a simple internal board where managers post a stretch assignment —
                    a real piece of work, 10–20% of someone's time for six weeks — and people
                    from any team can apply. Like a job board, but for experiences.
                    """,
                    why="People who grow in place don't need to leave to grow.",
                    responses=[
                        R(
                            "nadia",
                            "encouragement",
                            "Das gefällt mir sehr! New managers "
                            "could post them as a way to practise delegating.",
                        ),
                        R(
                            "ben",
                            "challenge",
                            "How do you stop managers from posting the "
                            "boring work nobody wants as a 'stretch'?",
                            "Every post needs one sentence on what the person will learn. If "
                            "they can't write it, it isn't a stretch.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    First six stretch assignments are posted. My favourite: the Munich
                    finance team wants someone to help redesign their monthly report so
                    non-finance people can read it. Three applicants already, from Design,
                    Support and Sales.
                    """,
                    next="Match applicants by the end of the month and check in with each pair "
                    "after two weeks.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "in_progress",
            """\
            Practising German-language workshop openers with @nadia on Thursdays. Her
            German is already better than my Bulgarian will ever be, which is to say: Ich
            bin beeindruckt.
            """,
            audience="followers",
        ),
    ],
)

person(
    "priya",
    "Priya Raman",
    "People & Culture",
    "Bengaluru, India",
    "Asia/Kolkata",
    "தமிழ், English, हिन्दी",
    bio="Talent acquisition partner. Interviews as conversations, not exams.",
    purpose="I make our hiring fair and humane for candidates, so that people who'd thrive "
    "here aren't filtered out by a process that rewards confidence over competence.",
    goals=[
        G(
            "Replace the take-home coding test with a paired exercise",
            "Take-home tests favour people with free evenings. Parents and carers drop out.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Looked at six months of hiring data: 38% of candidates never return the
                    take-home test, and the drop-out rate is highest for people who mention
                    caring responsibilities. A 60-minute paired exercise during working hours
                    could fix that.
                    """,
                    why="We are losing good people to a test, not to a decision.",
                    who_for="Candidates, and the engineers who interview them.",
                    responses=[
                        R(
                            "lena",
                            "offer_of_help",
                            "I'll help design the exercise. It should "
                            "feel like a normal Tuesday on the team, not a puzzle.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    We have a draft paired exercise, but the interviewer guide keeps turning
                    into a scoring rubric that's stricter than the old test. I need help
                    keeping it about how people think, not whether they finish.
                    """,
                    why="A strict rubric would bring back the bias we are trying to remove.",
                    ask="Engineers who've interviewed: what did you actually look for in a "
                    "good pairing session?",
                    resolved=True,
                    responses=[
                        R(
                            "devraj",
                            "offer_of_help",
                            "Whether they ask questions when stuck, "
                            "and whether they explain their thinking. Finishing never predicted "
                            "much. Happy to review the guide.",
                            "That's exactly the shift I needed. Sending you the draft.",
                        ),
                        R(
                            "tomasz",
                            "comment",
                            "How they read existing code. Most of our "
                            "work is changing code, not writing it from scratch.",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Paired exercise is live for backend roles. First month: completion went
                    from 62% to 94%, and interviewers say the conversations are more useful.
                    Thank you @devraj and @lena.
                    """,
                    next="Extend the paired exercise to front-end and data roles next quarter.",
                    responses=[
                        R(
                            "fatima",
                            "encouragement",
                            "94%! That's a lot of people we'd have never met.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Customer Support ----------------------------------------------------------------------------

person(
    "carlos",
    "Carlos Mendoza",
    "Customer Support",
    "Mexico City, Mexico",
    "America/Mexico_City",
    "Español, English",
    bio="Support team lead for the Americas. Reads every angry email twice before replying once.",
    purpose="I help customers who are having a bad day get a real answer from a real person "
    "fast, and I feed what they tell us back to the teams who can stop it happening again.",
    goals=[
        G(
            "Turn the top 10 ticket reasons into fixes owned by product teams",
            "We answer the same ten problems thousands of times a month. Each one is a bug or "
            "a confusing screen that someone could fix.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Top 10 ticket reasons for last quarter, with volumes, are in a shared
                    doc. Number one by far: *"Where is my invoice?"* — 2,140 tickets. The
                    answer is always the same three clicks.
                    """,
                    why="Every ticket we prevent is a customer who never had the problem.",
                    next="Find an owner for each of the ten.",
                    responses=[
                        R(
                            "meiling",
                            "comment",
                            "This lines up with my card sort — invoices are where people get lost.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Seven of the ten reasons have an owning team and a named person. The
                    invoices one is going into the help-centre redesign with @meiling.
                    """,
                    next="Monthly check-in with each owner on ticket volumes.",
                    ask="Who owns the email notifications for failed payments? It's reason "
                    "#4 and I can't find an owner.",
                    responses=[
                        R(
                            "olu",
                            "comment",
                            "Not mine, but the billing squad rewrote those "
                            "emails last year. Maybe start there?",
                        ),
                    ],
                ),
            ],
        ),
    ],
    updates=[
        U(
            "done",
            """\
            We rewrote our canned reply for delayed refunds. The old one was accurate and
            cold; the new one starts by saying we know waiting for money is stressful.
            Satisfaction on those tickets went from 3.1 to 4.2 in two weeks.
            """,
            responses=[
                R(
                    "ruth",
                    "thanks",
                    "This is a lovely example for the writing guide. May I use it?",
                    "Of course, ¡con gusto!",
                ),
            ],
        ),
    ],
)

person(
    "siobhan",
    "Siobhán Byrne",
    "Customer Support",
    "Dublin, Ireland",
    "Europe/Dublin",
    "English, Gaeilge",
    bio="Support knowledge manager. Keeper of the macros. Sea swimmer, year-round, no "
    "wetsuit, no regrets.",
    purpose="I keep our support knowledge accurate and findable, so agents spend their time "
    "on the customer rather than hunting for the right answer.",
    goals=[
        G(
            "Retire every support macro that hasn't been used in six months",
            "We have 1,900 macros. Agents can't find the right one, so they write their own "
            "and the pile grows.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Of 1,900 macros, 1,120 haven't been used in six months. I'm archiving them
                    in batches of 100 with a week's notice in the team channel, so anyone
                    can rescue one.

                    Rescued so far: 4. Deleted: 300.
                    """,
                    why="Fewer, better macros mean faster, more consistent answers.",
                    next="Next batch on Monday.",
                    responses=[
                        R(
                            "kwame",
                            "encouragement",
                            "The search results already feel less noisy. Keep going!",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Macro count: **742**, down from 1,900. Agents report finding the right
                    macro faster, and the number of brand-new macros created this month
                    dropped by half.
                    """,
                    next="Hand over to the macro makeover afternoon.",
                    responses=[
                        R(
                            "carlos",
                            "thanks",
                            "Thank you for the patience this took. Three months of batches!",
                        ),
                    ],
                ),
            ],
        ),
        G(
            "Get every macro reviewed against the plain-language writing guide",
            "Our macros are the words customers read most.",
            updates=[
                U(
                    "idea",
                    """\
                    Thinking about a "macro makeover" afternoon: agents pair up, take ten
                    macros each, and rewrite them using @ruth's writing guide. Prize for the
                    biggest reduction in words without losing meaning.
                    """,
                    next="Find a date that works for both shifts.",
                    responses=[
                        R("ruth", "offer_of_help", "I'll come and judge. And bring biscuits."),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "kwame",
    "Kwame Asante",
    "Customer Support",
    "Accra, Ghana",
    "Africa/Accra",
    "English, Twi, Ga",
    bio="Support specialist for West African merchants. Football on weekends, highlife on "
    "headphones.",
    purpose="I help merchants in Ghana and Nigeria get paid without friction, and I make sure "
    "their problems reach the people who can fix them, not just my queue.",
    goals=[
        G(
            "Write a troubleshooting guide for mobile-money payouts",
            "Mobile-money payout tickets take us three times longer than card payouts, "
            "because nobody outside our team understands them.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Outline of the mobile-money payout guide:

                    1. How a payout flows from us to the provider to the merchant's wallet
                    2. The six failure codes we see most, and what each really means
                    3. When to wait, when to retry, when to escalate

                    Section 2 is the valuable part; most of it lives only in my head.
                    """,
                    who_for="Support agents outside West Africa covering our time zone.",
                    responses=[
                        R(
                            "amara",
                            "encouragement",
                            "This will help the merchants I've been "
                            "interviewing too. So many stories about waiting for payouts.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Two of the six failure codes mean different things depending on the
                    provider, and the provider docs disagree with what I see in tickets. I'd
                    rather not publish something wrong.
                    """,
                    why="A wrong answer in the guide would send merchants' money the wrong way.",
                    ask="Is there anyone in Platform or Data who can look at payout logs with "
                    "me and confirm what those codes mean in practice?",
                    resolved=True,
                    responses=[
                        R(
                            "omar",
                            "offer_of_help",
                            "I can pull the last three months of "
                            "payouts with those codes and the final outcome. That should "
                            "settle it.",
                            "That's exactly what I need. Thank you, Omar!",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    The mobile-money payout guide is published. With @omar's data we
                    confirmed that code `R17` means "retry later" for one provider and
                    "account closed" for another, which explains a lot of confused tickets.
                    """,
                    next="Translate the guide into French for our merchants in Côte d'Ivoire.",
                    responses=[
                        R("siobhan", "thanks", "Linked it from six macros already."),
                        R(
                            "grace",
                            "encouragement",
                            "Proud of you, Kwame. This is exactly "
                            "the knowledge that should not live in one head.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "linh",
    "Linh Nguyen",
    "Customer Support",
    "Ho Chi Minh City, Vietnam",
    "Asia/Ho_Chi_Minh",
    "Tiếng Việt, English",
    bio="Support operations analyst. Spreadsheets, queues and the occasional bánh mì taste test.",
    purpose="I make sure the support queue is staffed for the hours customers actually write "
    "to us, so nobody waits overnight because we planned for the wrong time zone.",
    goals=[
        G(
            "Reduce overnight wait times for Asia-Pacific customers below two hours",
            "APAC customers wait a median of seven hours for a first reply when they write "
            "in our evening.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Built a heatmap of ticket arrivals by hour and weekday, in each
                    customer's local time. The gap is clear: 06:00–10:00 UTC is our busiest
                    APAC window and our thinnest staffing.
                    """,
                    why="Seven hours is the difference between a small problem and a lost "
                    "customer.",
                    responses=[
                        R(
                            "aiko",
                            "question",
                            "Could some of those be handled by the help "
                            "centre if search were better? I'm working on that.",
                            "Some, yes! Let's compare which queries lead to tickets.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Proposal to shift three agents' schedules by two hours, voluntary, with a
                    schedule allowance. Two volunteers so far. Median first reply for APAC
                    this week: 4 h 10 min.
                    """,
                    who_for="APAC customers and the agents who volunteer.",
                    next="Agree the allowance with the team leads.",
                    ask="Any advice on making a shifted schedule attractive without it "
                    "feeling like a night shift?",
                    responses=[
                        R(
                            "grace",
                            "comment",
                            "Ask the volunteers what would make it work "
                            "for them before you design the perks. Often it's just a fixed "
                            "day off.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Design --------------------------------------------------------------------------------------

person(
    "noor",
    "Noor Haddad",
    "Design",
    "Amman, Jordan",
    "Asia/Amman",
    "العربية, English",
    bio="Product designer focused on accessibility and right-to-left interfaces.",
    purpose="I make our product work for people who read right to left, use a screen reader "
    "or navigate by keyboard, so that nobody needs a workaround to use what we build.",
    goals=[
        G(
            "Fix the 25 most serious accessibility issues in the merchant dashboard",
            "An audit found 112 issues. The top 25 block screen-reader users entirely.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Triaged the audit: 25 blockers, 41 serious, 46 minor. Most of the
                    blockers come from just three components:

                    - the date picker (no keyboard support)
                    - icon-only buttons (no accessible names)
                    - the modal dialog (focus escapes behind it)

                    Fixing those three components fixes 19 of the 25 blockers.
                    """,
                    why="Some of our merchants are blind. Today they can't file a refund.",
                    next="Pair with an engineer on the date picker.",
                    responses=[
                        R(
                            "mateo",
                            "offer_of_help",
                            "I'll take the icon buttons. It's mostly "
                            "adding labels in the component library.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    The date picker fix needs a decision: rebuild our custom picker or use the
                    browser's native one. The native one is accessible but looks different in
                    every browser, and product is worried about consistency.
                    """,
                    why="Keyboard and screen-reader users currently cannot pick a date at all.",
                    ask="Has anyone made the case for native form controls to a product team "
                    "before? What convinced them?",
                    resolved=True,
                    responses=[
                        R(
                            "elise",
                            "offer_of_help",
                            "I did for the checkout redesign. Show "
                            "them a screen-reader user trying both. Nobody argued after the "
                            "video. I can share ours.",
                            "The video is perfect. Thank you!",
                        ),
                        R(
                            "henrik",
                            "question",
                            "Do you have numbers on how many people "
                            "change dates at all? Might be a small surface.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Product agreed to the native date picker after seeing @elise's video. 21
                    of 25 blockers fixed. The last four are in the reports page, which is
                    due for a rewrite anyway.
                    """,
                    next="Plan the reports page rewrite with accessibility built in from day one.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "idea",
            """\
            What if our design reviews always included one screen reader pass, ten minutes,
            done live? Accessibility would stop being an audit that happens to us once a
            year.
            """,
            responses=[
                R(
                    "ines",
                    "encouragement",
                    "Yes. And rotate who drives the screen reader, so everyone learns.",
                ),
            ],
        ),
    ],
)

person(
    "elise",
    "Élise Moreau",
    "Design",
    "Lyon, France",
    "Europe/Paris",
    "Français, English",
    bio="Design lead for checkout and payments. Sketches first, pixels later.",
    purpose="I design checkout and payment flows that feel calm and trustworthy, so that "
    "people paying a small business online never wonder whether their money went through.",
    goals=[
        G(
            "Reduce checkout abandonment on mobile by 10%",
            "Mobile checkout abandonment is 71%, against 48% on desktop.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Watched 30 session recordings of abandoned mobile checkouts. The patterns:

                    - the keyboard covers the "Pay" button on small screens
                    - address autocomplete fails for many non-UK formats
                    - people leave to check their banking app and never come back
                    """,
                    who_for="Small merchants whose customers buy from their phones.",
                    responses=[
                        R(
                            "camila",
                            "comment",
                            "The address one is huge in Brazil. Our "
                            "formats confuse most autocomplete services.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Prototype for the "left to check the banking app" problem: a gentle
                    "Your basket is saved, come back any time" state, and a confirmation
                    that survives switching apps. Testing with five people next week.
                    """,
                    why="A third of abandoned mobile checkouts end with a switch to a banking app.",
                    next="Five usability sessions, then a decision on building it.",
                    ask="Looking for five people who mostly shop on their phone to try the "
                    "prototype for 15 minutes.",
                    responses=[
                        R(
                            "jiho",
                            "offer_of_help",
                            "Count me in — I don't think I've used a "
                            "laptop to buy anything in years.",
                        ),
                        R("linh", "offer_of_help", "Me too, happy to help."),
                    ],
                ),
            ],
        ),
        G(
            "Build a shared pattern library for payment errors",
            "Every team writes payment error messages differently, and some blame the customer.",
            updates=[
                U(
                    "idea",
                    """\
                    Starting a catalogue of every payment error message we show. So far 64
                    different messages for what is, underneath, about nine situations. Worst
                    offender: *"Transaction declined. Contact your issuer."*
                    """,
                    why="An error message is the moment a customer most needs to trust us.",
                    responses=[
                        R(
                            "ruth",
                            "offer_of_help",
                            "I'd love to rewrite these with you. "
                            "Nine situations, nine kind messages.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "mateo",
    "Mateo Rossi",
    "Design",
    "Milan, Italy",
    "Europe/Rome",
    "Italiano, English, Español",
    bio="Design systems engineer. Half designer, half front-end developer, fully in love "
    "with well-named tokens.",
    purpose="I maintain our design system so teams can build consistent, accessible screens "
    "quickly and spend their energy on the problem, not on the button.",
    goals=[
        G(
            "Ship version 2 of the design system with dark mode and accessible defaults",
            "Teams are forking components to get dark mode, which undoes years of consistency.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Colour tokens for dark mode are defined. Every text/background pair now
                    passes WCAG AA contrast, checked automatically in CI:

                    ```js
                    expect(contrast(token.text, token.surface)).toBeGreaterThanOrEqual(4.5)
                    ```
                    """,
                    next="Migrate the 12 most used components.",
                    responses=[
                        R(
                            "noor",
                            "encouragement",
                            "Contrast checks in CI! That's how it stays fixed.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Icon-only buttons now require an accessible label — the component throws
                    a warning in development without one. That fixed six of @noor's audit
                    blockers in one change.
                    """,
                    next="The modal dialog's focus trap, which is the last of the three big "
                    "components.",
                ),
                U(
                    "stuck",
                    """\
                    Migrating teams to v2 is slower than building it. Three teams are still
                    on v1 because their forked components would need rework, and they have
                    no time this quarter.
                    """,
                    why="Every team left on v1 keeps its own copy of the old, inaccessible "
                    "components.",
                    ask="Ideas for making a design-system migration small enough that a busy "
                    "team says yes?",
                    responses=[
                        R(
                            "lena",
                            "comment",
                            "We did codemods for the build tool migration. "
                            "If 80% of the changes are mechanical, do them for the teams.",
                        ),
                        R(
                            "ines",
                            "question",
                            "Could you migrate one screen for each team "
                            "yourself, as a demo? Seeing it done lowers the bar.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "ines",
    "Inês Carvalho",
    "Design",
    "Lisbon, Portugal",
    "Europe/Lisbon",
    "Português, English, Español",
    bio="Content designer. I think about the words on the buttons so you don't have to.",
    purpose="I write the words in our product so that someone tired, distracted or new to "
    "the language still understands what will happen when they tap.",
    goals=[
        G(
            "Write a product voice guide with examples in English, Spanish and Portuguese",
            "Our translations sound like three different companies.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Voice guide principles, first pass:

                    1. **Plain over clever.** Jokes don't survive translation.
                    2. **Say what happens next.** "Pay €20" beats "Continue".
                    3. **Never blame.** "That card didn't work" instead of "You entered an
                       invalid card".
                    """,
                    who_for="Designers, engineers and translators writing product copy.",
                    responses=[
                        R(
                            "camila",
                            "offer_of_help",
                            "I'll review the Portuguese examples — "
                            "Brazilian and European Portuguese differ more than people think.",
                        ),
                        R(
                            "elise",
                            "comment",
                            "'Never blame' is going straight into the payment errors work.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Spanish examples reviewed with @diego and @carlos, Portuguese with @camila.
                    Lesson learned: "tú" vs "usted" needs a decision per market, not one rule.
                    """,
                    why="A voice that feels foreign in one market undoes the work of the other "
                    "two.",
                    ask="Which markets feel more formal to you? Trying to settle tú/usted "
                    "per country.",
                    resolved=True,
                    responses=[
                        R(
                            "sofia",
                            "offer_of_help",
                            "For Colombia, usted is safer in "
                            "anything about money. Happy to go through the list of markets.",
                            "That's so helpful — let's do it Thursday.",
                        ),
                        R(
                            "carlos",
                            "comment",
                            "Mexico: tú for the app, usted for anything legal or billing.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Sales ----------------------------------------------------------------------------------------

person(
    "ben",
    "Ben Whitaker",
    "Sales",
    "Chicago, USA",
    "America/Chicago",
    "English",
    bio="Account executive for mid-size retailers. Former barista; still judges every "
    "office coffee machine.",
    purpose="I help independent retailers decide whether we're the right fit before they "
    "sign, so the customers we win are the ones we can truly serve.",
    goals=[
        G(
            "Build a short fit checklist so we stop signing customers we can't serve well",
            "Three of last quarter's churned accounts were never a good fit.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Interviewed support leads about the accounts that struggled most. Common
                    thread: needs we don't cover (multi-currency invoicing, offline stores)
                    that nobody asked about during the sale.

                    Draft checklist has eight questions. Eight is probably four too many.
                    """,
                    why="A customer we can't serve costs us twice: in support time and in "
                    "reputation.",
                    responses=[
                        R(
                            "carlos",
                            "thanks",
                            "Thank you for asking support. We see the poor fits first.",
                        ),
                        R(
                            "olu",
                            "challenge",
                            "Will reps actually use it if it can cost "
                            "them a deal? How does it affect their numbers?",
                            "Right question. I'll talk to our manager about counting "
                            "'qualified out' as a good outcome.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Fit checklist trimmed to five questions and tested on six calls. Two
                    prospects turned out to need offline stores, and we referred them to a
                    partner instead. One of them sent a thank-you note.
                    """,
                    next="Share the checklist with the whole sales team at Thursday's meeting.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "idea",
            """\
            Thought: what if sales shadowed a support shift once a quarter? I'd sell
            differently if I'd heard the calls that come after the contract.
            """,
            responses=[
                R(
                    "siobhan",
                    "offer_of_help",
                    "Dublin support would host you any time. Bring coffee.",
                ),
            ],
        ),
    ],
)

person(
    "olu",
    "Olumide Adeyemi",
    "Sales",
    "Toronto, Canada",
    "America/Toronto",
    "English, Yorùbá, Français",
    bio="Sales engineer. Translates between what customers say and what engineers hear.",
    purpose="I help technical buyers at growing businesses understand exactly what our "
    "integration will take, so their go-live is a boring non-event.",
    goals=[
        G(
            "Create a self-serve integration sandbox for prospects",
            "Prospects wait two weeks for a demo account. Most just want to poke the API.",
            updates=[
                U(
                    "idea",
                    """\
                    A prospect asked today whether they could "just try the API" before a
                    call. Fair! Thinking about a sandbox that's created instantly, filled
                    with sample orders, and expires after 30 days.
                    """,
                    why="Technical buyers decide faster when they've touched the product "
                    "themselves.",
                    responses=[
                        R(
                            "lena",
                            "comment",
                            "The synthetic seed data from the laptop project might work here too.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Security review flagged that a self-serve sandbox could be abused to send
                    test emails to anyone. Reasonable. I don't know enough to propose the
                    right guard.
                    """,
                    why="Without the sandbox, prospects wait two weeks to try one API call.",
                    ask="Anyone from Platform who could help me design the abuse protections "
                    "for a self-serve sandbox?",
                    resolved=True,
                    responses=[
                        R(
                            "tomasz",
                            "offer_of_help",
                            "Send emails only to the verified "
                            "sign-up address, rate-limit the rest. Let's write it up together.",
                            "Simple and convincing. Thank you!",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Security signed off the sandbox design with Tomasz's email guard. Build
                    starts next sprint with two engineers on loan from Platform.
                    """,
                    next="Sprint planning with the two Platform engineers on Monday.",
                ),
            ],
        ),
    ],
)

person(
    "camila",
    "Camila Souza",
    "Sales",
    "São Paulo, Brazil",
    "America/Sao_Paulo",
    "Português, Español, English",
    bio="Partnerships manager for Latin America. Samba on Fridays, spreadsheets on Mondays.",
    purpose="I build partnerships with local payment providers in Latin America, so small "
    "businesses there can accept the ways their customers actually like to pay.",
    goals=[
        G(
            "Sign two local payment partners in Brazil and Colombia",
            "Pix and PSE are how our merchants' customers want to pay, and we don't support "
            "either.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Shortlist of three partners for Pix, two for PSE. The deciding factor is
                    settlement speed — merchants told @amara's team they can't wait a week
                    for their money, and the same is true here.
                    """,
                    who_for="Merchants in Brazil and Colombia.",
                    responses=[
                        R(
                            "sofia",
                            "offer_of_help",
                            "I can join the Colombian partner calls. "
                            "It helps to have a local voice in the room.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Term sheet agreed with our Pix partner. Settlement next business day,
                    which is what merchants asked for. Now the long part: legal review.
                    """,
                    next="Legal review, then a pilot with ten merchants in São Paulo.",
                    audience="followers",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "done",
            """\
            Ran our first partner webinar in Portuguese, 140 merchants attended. The chat
            was full of questions about fees, so we're writing a plain FAQ in Portuguese
            and Spanish. Muito obrigada to everyone who helped prepare.
            """,
            responses=[
                R("ines", "encouragement", "Parabéns! 140 is a lot for a first one."),
            ],
        ),
    ],
)

person(
    "jiho",
    "Ji-ho Park",
    "Sales",
    "Seoul, South Korea",
    "Asia/Seoul",
    "한국어, English",
    bio="Sales development for Asia-Pacific. Runs on tteokbokki and well-timed follow-ups.",
    purpose="I help small online shops in Korea and Japan find out whether we fit them, in "
    "their own language, so they never have to decide based on a translated brochure.",
    goals=[
        G(
            "Localise our sales materials for Korea and Japan",
            "Prospects in Korea and Japan get English decks. Response rates are a third of "
            "other regions.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Korean deck is translated and reviewed by two merchants who kindly gave
                    feedback. Their main note: show prices with VAT included, the way local
                    shops expect to see them.
                    """,
                    next="Update every price slide to include VAT.",
                    responses=[
                        R(
                            "ines",
                            "comment",
                            "Great catch. The voice guide should say "
                            "'show prices the way the market expects'.",
                        ),
                    ],
                ),
                U(
                    "stuck",
                    """\
                    Japanese deck is translated but reads stiffly according to two
                    prospects. I'm not a native speaker and I can't tell what's wrong.
                    """,
                    why="A deck that sounds foreign makes us look like we don't understand the "
                    "market.",
                    ask="Is there a native Japanese speaker who could read eight slides and "
                    "tell me where it sounds wrong?",
                    resolved=True,
                    responses=[
                        R(
                            "aiko",
                            "offer_of_help",
                            "Happy to. Probably keigo that's too "
                            "formal for small shop owners. Send it over.",
                            "Thank you so much, Aiko!",
                        ),
                    ],
                ),
                U(
                    "done",
                    """\
                    Both decks are live. With @aiko's edits the Japanese one sounds like a
                    person now. First week: reply rate from Japanese prospects doubled.
                    """,
                    next="Measure replies for a month, then decide whether to localise the "
                    "website too.",
                    responses=[
                        R("ben", "encouragement", "Doubled! Nice one, Ji-ho."),
                    ],
                ),
            ],
        ),
    ],
)

# --- Data ----------------------------------------------------------------------------------------

person(
    "astrid",
    "Astrid Nilsen",
    "Data",
    "Oslo, Norway",
    "Europe/Oslo",
    "Norsk, English",
    bio="Analytics engineer. Believes a metric without a definition is just a rumour.",
    purpose="I give every team the same trustworthy numbers, defined once and in plain words, "
    "so meetings are about what to do rather than whose dashboard is right.",
    goals=[
        G(
            "Publish plain-language definitions for our 30 most-used metrics",
            "Three different dashboards show three different numbers for 'active merchants'.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Found the reason for the three 'active merchants' numbers: one counts any
                    login, one counts any payment, one counts payments above €1. All three
                    are reasonable. None are labelled.

                    Proposal: keep all three, name them honestly:

                    - `merchants_logged_in_30d`
                    - `merchants_paid_30d`
                    - `merchants_transacting_30d`
                    """,
                    why="Decisions based on mismatched numbers are worse than no numbers.",
                    responses=[
                        R(
                            "henrik",
                            "encouragement",
                            "Honest names are the best kind of documentation.",
                        ),
                        R(
                            "ben",
                            "question",
                            "Which one should I use when a customer asks "
                            "how many merchants we have?",
                            "merchants_paid_30d — it's the one that means 'uses us for real'.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    18 of 30 metrics now have a one-paragraph definition, an owner, and the
                    exact query. @ruth's writing guide helped — rule one works for metrics too.
                    """,
                    next="The remaining 12, which are the contentious ones.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "stuck",
            """\
            Our nightly dashboard refresh failed three times this week and I suspect a
            timezone bug: it runs at midnight UTC, but some source tables land at midnight
            Oslo time. Half-fixed; writing this down so I remember where I am.
            """,
            audience="followers",
        ),
    ],
)

person(
    "diego",
    "Diego Fernández",
    "Data",
    "Madrid, Spain",
    "Europe/Madrid",
    "Español, English, Català",
    bio="Data scientist. Optimisation problems are my crosswords.",
    purpose="I build small models that help colleagues make everyday decisions — staffing, "
    "matching, routing — so that the tedious part of planning takes seconds, not evenings.",
    goals=[
        G(
            "Build a staffing forecast for Customer Support, accurate to within 10%",
            "Support plans staffing from last year's numbers plus a guess. Queues blow up "
            "whenever the guess is off.",
            updates=[
                U(
                    "in_progress",
                    """\
                    First forecast model: weekly seasonality plus a holiday calendar per
                    country. Backtested on the last six months, it's within 12% on most
                    days and badly off on product-launch days, which no calendar knows about.
                    """,
                    who_for="Support team leads, especially @linh's APAC planning.",
                    responses=[
                        R(
                            "linh",
                            "comment",
                            "Launch days are exactly our worst days. Could "
                            "we feed it the release calendar?",
                            "Yes, that's the next step.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Added the release calendar as a feature. Error is now 8% on normal days,
                    15% on launch days. Good enough to try for real next month.
                    """,
                    next="Run the forecast beside the current plan for a month before trusting it.",
                ),
            ],
        ),
    ],
    updates=[
        U(
            "done",
            """\
            Helped @maya match 24 people into circles with a small script (a linear
            assignment with some constraints). It ran in under a second. Putting the code
            on the wiki in case other teams need to match people to groups:

            ```python
            from scipy.optimize import linear_sum_assignment
            rows, cols = linear_sum_assignment(cost)  # cost[i][j]: person i in slot j
            ```
            """,
            responses=[
                R("maya", "thanks", "You saved me a whole weekend. Thank you!"),
                R(
                    "tariq",
                    "question",
                    "Could this match mentors and mentees too?",
                    "Absolutely — same shape of problem.",
                ),
            ],
        ),
    ],
)

person(
    "zanele",
    "Zanele Dlamini",
    "Data",
    "Johannesburg, South Africa",
    "Africa/Johannesburg",
    "English, isiZulu, Afrikaans",
    bio="Data engineer. Privacy by design, pipelines by day, jazz by night.",
    purpose="I build data pipelines that protect people's privacy by default, so colleagues "
    "can learn from our data without ever seeing someone's personal details.",
    goals=[
        G(
            "Publish a synthetic dataset that any team can use instead of production copies",
            "Teams copy production data for testing because there's no good alternative.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Synthetic dataset v0.3: 50,000 merchants, 2 million orders, realistic
                    distributions, no real person in it. Generated from aggregate statistics
                    only, so nothing can be traced back.
                    """,
                    why="Every production copy is a privacy risk sitting on a laptop.",
                    responses=[
                        R("lena", "thanks", "This is exactly what the laptop setup needed."),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Cut the dataset down to a 180 MB 'developer' size for @lena's laptop
                    setup, keeping the edge cases: refunds, partial refunds, multi-currency.
                    """,
                    who_for="Engineers setting up a laptop, and anyone who needs test data.",
                ),
                U(
                    "idea",
                    """\
                    Next: a tiny version for sales demos and @olu's sandbox. Thinking about
                    how to make it feel like a plausible shop rather than random data.
                    """,
                    ask="Anyone have a favourite fictional shop we could model the demo data "
                    "on? A bakery? A bike shop?",
                    responses=[
                        R(
                            "ben",
                            "comment",
                            "A coffee roaster. Subscriptions, wholesale, "
                            "one-off orders — it has every flow.",
                        ),
                        R(
                            "olu",
                            "encouragement",
                            "Yes please! Prospects love something realistic.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

person(
    "omar",
    "Omar Farouk",
    "Data",
    "Cairo, Egypt",
    "Africa/Cairo",
    "العربية, English",
    bio="Data quality engineer. Writes tests for data the way others write tests for code.",
    purpose="I catch broken data before it reaches a dashboard or a customer, so that people "
    "can trust the numbers they make decisions with.",
    goals=[
        G(
            "Put automated quality checks on the 20 tables that feed finance reports",
            "A silent data error in March reached the board pack. Nobody wants that twice.",
            updates=[
                U(
                    "in_progress",
                    """\
                    Checks are running on 12 of 20 finance tables: row counts against the
                    previous day, no negative amounts, currency codes from a known list. Two
                    real issues found in the first week.
                    """,
                    why="Trust in numbers is slow to build and quick to lose.",
                    responses=[
                        R(
                            "astrid",
                            "encouragement",
                            "Two real issues in week one means "
                            "these are paying for themselves already.",
                        ),
                    ],
                ),
                U(
                    "in_progress",
                    """\
                    Shared my YAML rule-rewriting script with @devraj for the alert labels.
                    Nice to see a data-quality tool fix an on-call problem.
                    """,
                ),
                U(
                    "stuck",
                    """\
                    The finance team wants to be alerted only on real problems, but they
                    define "real" differently for month-end. I'm not sure whether to build
                    two sets of thresholds or one smarter rule.
                    """,
                    who_for="The finance team during month-end close.",
                    ask="Has anyone handled month-end exceptions in data checks elegantly?",
                    responses=[
                        R(
                            "diego",
                            "comment",
                            "Two sets, chosen by calendar. Smarter rules "
                            "are harder to explain at 11pm on the last day of the month.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

# --- Shorter notes from the weeks in between ---------------------------------------------

_BY_NAME = {p.username: p for p in PEOPLE}


def more(username: str, *updates: U) -> None:
    """More narrated work by ``username`` that belongs to no goal."""
    _BY_NAME[username].updates.extend(updates)


more(
    "maya",
    U(
        "in_progress",
        """\
        Week two of the new circles. Two circles have already swapped their meeting time
        to suit one member's school run, without asking me. That's the moment a circle
        becomes theirs rather than mine.
        """,
    ),
)
more(
    "sam",
    U(
        "idea",
        """\
        Thinking about a "buddy for week one" for every new starter: not their manager,
        not their team, just someone who remembers being new. Twenty minutes a day, five
        days.
        """,
        ask="Would you volunteer as a buddy once a quarter? Trying to see if there's "
        "enough interest before I design anything.",
    ),
    U(
        "stuck",
        """\
        My onboarding video tool exports captions with the timing off by about two
        seconds. Re-timing by hand for every video isn't sustainable.
        """,
        ask="Does anyone know a reliable way to shift caption timings in bulk (SRT files)?",
        resolved=True,
        responses=[
            R(
                "devraj",
                "offer_of_help",
                "It's a short script — parse each timestamp, "
                "subtract two seconds, write it back. I'll send you one.",
                "Lifesaver.",
            ),
        ],
    ),
)
more(
    "nadia",
    U(
        "done",
        """\
        First peer-coaching trio session done. One manager said afterwards: *"Nobody has
        ever asked me that many questions without giving me advice."* Exactly the point.
        """,
    ),
    U(
        "stuck",
        """\
        Twelve managers, four trios, and one trio keeps cancelling because two of them
        are in back-to-back customer meetings every Tuesday.
        """,
        next="Decide by Friday and tell the trio.",
        ask="Would you rather move a stalled trio to a new slot, or reshuffle the trios? "
        "I can argue both sides.",
    ),
)
more(
    "tariq",
    U(
        "idea",
        """\
        What if every course had a 'two-minute version' at the top — the single most
        useful thing from it, readable on a phone? Most people only need that.
        """,
        responses=[
            R(
                "ruth",
                "encouragement",
                "I'd write a few of these with you. Distilling is my favourite kind of writing.",
            ),
        ],
    ),
    U(
        "in_progress",
        """\
        Measured how long people actually spend in our courses: median 6 minutes, even
        for courses labelled "45 minutes". We're designing for a reader who doesn't
        exist.
        """,
    ),
)
more(
    "ruth",
    U(
        "in_progress",
        """\
        Ran a 30-minute "write it shorter" session with the Data team. Best moment:
        @astrid cut a metric definition from 140 words to 38 and it got clearer.
        """,
        next="The same session with Customer Support next month.",
    ),
    U(
        "idea",
        """\
        Would a monthly "doc clinic" be useful? Bring a document, get two pairs of fresh
        eyes for twenty minutes. No preparation, no judgement.
        """,
        ask="Tell me if you'd bring a doc. If five people say yes, I'll start it next month.",
        responses=[
            R("kwame", "comment", "I'd bring the payout guide. Always room to improve."),
            R("mateo", "comment", "Design system docs, definitely."),
        ],
    ),
)
more(
    "tomasz",
    U(
        "in_progress",
        """\
        Leavers' access now ends automatically at 17:00 on their last day, local time.
        It used to take up to a week. Small change, big relief for the security team.
        """,
        why="Access that outlives employment is our most common audit finding.",
    ),
    U(
        "stuck",
        """\
        Our identity provider's API rate-limits us during the Monday morning rush of new
        starters, and provisioning retries pile up.
        """,
        ask="Has anyone implemented a polite retry queue with backoff for a third-party "
        "API here? Would love to reuse rather than reinvent.",
        resolved=True,
        responses=[
            R(
                "aiko",
                "offer_of_help",
                "The search indexer has one. It's small and well-tested; I'll walk you through it.",
                "Perfect, reusing it.",
            ),
        ],
    ),
)
more(
    "aiko",
    U(
        "in_progress",
        """\
        Writing the blog post about help-centre search latency. Trying to make it useful
        to people who've never heard of p95, so I'm starting with a story about a
        customer waiting, not a graph.
        """,
        who_for="Anyone curious about why search speed matters to customers.",
        ask="Would someone outside engineering read the draft and tell me where they get lost?",
        responses=[
            R("ines", "offer_of_help", "Me! I'm exactly the person who gets lost."),
        ],
    ),
)
more(
    "devraj",
    U(
        "done",
        """\
        First week with the new on-call handover template. Handovers take ten minutes
        instead of thirty and nobody has said "wait, what was that alert?" since.
        """,
        responses=[
            R("tomasz", "encouragement", "Noticed it on my shift too. So much calmer."),
        ],
    ),
    U(
        "idea",
        """\
        Considering an "on-call retro" once a month: 30 minutes, everyone who was paged,
        one question — *which page should never have happened?*
        """,
    ),
)
more(
    "lena",
    U(
        "stuck",
        """\
        Experiment #4, a one-command preview environment for every pull request, works
        beautifully for backend changes and falls over for anything touching the
        payments mocks.
        """,
        why="Reviewers could click through a change instead of imagining it.",
        ask="Is anyone familiar with how the payments mock server is started in CI? I'd "
        "love 30 minutes with whoever knows.",
    ),
)
more(
    "amara",
    U(
        "idea",
        """\
        Planning a small diary study: ten shop owners send a voice note every Sunday
        evening for four weeks about their week's money. Low effort for them, rich for us.
        """,
        why="Interviews tell us what people remember; diaries tell us what actually happened.",
        ask="Has anyone budgeted mobile data for research participants before? How much is fair?",
        resolved=True,
        responses=[
            R(
                "kwame",
                "offer_of_help",
                "For Ghana, a weekly data bundle of about 2 GB "
                "covers voice notes easily. I can check prices with a merchant friend.",
                "That would be brilliant, thank you Kwame.",
            ),
        ],
    ),
)
more(
    "sofia",
    U(
        "done",
        """\
        Ran a survey-design workshop for eleven product managers. The exercise everyone
        liked: rewrite a leading question until a sceptic couldn't guess what answer you
        were hoping for.
        """,
        responses=[
            R("henrik", "thanks", "Thank you for inviting me to co-host. Great group."),
        ],
    ),
)
more(
    "henrik",
    U(
        "in_progress",
        """\
        The A/B guide now has its cautionary tale: @astrid's checkout-button test that
        looked like a 9% win after four days and was flat after three weeks. Nothing
        teaches patience like a real graph.
        """,
    ),
)
more(
    "meiling",
    U(
        "idea",
        """\
        After the card sort, wondering whether our internal wiki has the same problem as
        the help centre — organised by team rather than by the situation you're in.
        Suspect yes.
        """,
        responses=[
            R(
                "sam",
                "comment",
                "Absolutely yes. New starters can't find anything because "
                "they don't know our org chart yet.",
            ),
        ],
    ),
    U(
        "in_progress",
        """\
        Writing up the card-sort method so other teams can run one on their own. The
        trickiest part to explain is when to stop: when the last five participants
        don't change the groups any more.
        """,
        who_for="Any team reorganising a menu, a wiki or a set of settings.",
        ask="Would anyone like to be a guinea pig and run a small card sort using the "
        "write-up, with me shadowing?",
    ),
)
more(
    "fatima",
    U(
        "idea",
        """\
        Draft idea for a "manager's first 90 days" group: new managers meeting every two
        weeks with a people partner, bringing real situations. Overlaps with @nadia's
        peer coaching — we should talk before I build anything.
        """,
        responses=[
            R("nadia", "comment", "Yes let's! Maybe it's one programme with two formats."),
        ],
    ),
)
more(
    "grace",
    U(
        "in_progress",
        """\
        Working on a simple calendar of public holidays for all our offices, so we stop
        scheduling all-hands on Eid or Diwali. First version covers twelve countries.
        """,
        why="Scheduling over someone's biggest holiday tells them they matter less.",
        ask="Could someone from each office check their country's dates? A five-minute "
        "job, I promise.",
        responses=[
            R("linh", "offer_of_help", "Vietnam done — Tết dates added for the next two years."),
            R("kwame", "offer_of_help", "Ghana checked. Added Founders' Day."),
        ],
    ),
)
more(
    "jonas",
    U(
        "stuck",
        """\
        Two managers want stretch assignments but worry about losing their people's time
        for six weeks. I understand — their teams are already stretched, in the other
        sense.
        """,
        ask="How have you convinced a busy manager that letting someone go 10% is worth it?",
        resolved=True,
        responses=[
            R(
                "fatima",
                "offer_of_help",
                "Frame it as retention. Show them the exit "
                "interview quotes about 'no growth'. Happy to join the conversation.",
                "Yes please — Tuesday?",
            ),
        ],
    ),
)
more(
    "priya",
    U(
        "in_progress",
        """\
        Rewriting our job ads with @ines. The first one went from 900 words to 350, and
        we removed three "requirements" that were really preferences. Applications from
        women doubled in the first week.
        """,
        next="The remaining twelve open roles.",
        responses=[
            R("grace", "encouragement", "Doubled! This is the kind of small change that matters."),
        ],
    ),
)
more(
    "carlos",
    U(
        "stuck",
        """\
        Our ticket tagging is inconsistent: the same problem gets five different tags
        depending on the agent. It makes my top-10 list less trustworthy than I'd like.
        """,
        why="If the tags are wrong, the top-10 list points teams at the wrong problems.",
        ask="Has anyone used a small text classifier to suggest tags? Or is a shorter tag "
        "list the better fix?",
        responses=[
            R(
                "diego",
                "offer_of_help",
                "Shorter list first, then a classifier on what's "
                "left. I can help with the second part.",
            ),
            R("siobhan", "comment", "Please shorter list. We have 340 tags."),
        ],
    ),
)
more(
    "siobhan",
    U(
        "in_progress",
        """\
        Started a "macro of the week" note in the support channel: one well-written macro,
        and why it works. Agents have started nominating their own.
        """,
    ),
)
more(
    "kwame",
    U(
        "idea",
        """\
        Thinking about a short WhatsApp-style FAQ for merchants in Ghana, since that's
        where they actually ask each other for help. Not sure what's allowed.
        """,
        ask="Does anyone know our policy on support through messaging apps?",
    ),
)
more(
    "linh",
    U(
        "done",
        """\
        The shifted APAC schedule is live with three volunteers. Median first reply for
        APAC this week: **1 h 50 min**. Under two hours for the first time.
        """,
        responses=[
            R("carlos", "encouragement", "From seven hours to under two. ¡Bravo, Linh!"),
            R("diego", "comment", "The forecast can take it from here. Nice work."),
        ],
    ),
)
more(
    "noor",
    U(
        "in_progress",
        """\
        Testing the merchant dashboard in Arabic with right-to-left layout. The charts
        still read left to right, which is actually correct for numbers — but the
        legends are on the wrong side.
        """,
        who_for="Merchants who use the dashboard in Arabic or Hebrew.",
        ask="Has anyone handled RTL charts in our charting library? Is there a flag I'm missing?",
        resolved=True,
        responses=[
            R(
                "mateo",
                "offer_of_help",
                "There's a `direction` option on the legend, "
                "undocumented. I found it for the Hebrew locale. Let me show you.",
                "Of course it's undocumented. Thank you!",
            ),
        ],
    ),
)
more(
    "elise",
    U(
        "done",
        """\
        The keyboard-covering-the-Pay-button fix shipped: the button now sticks above the
        keyboard on small screens. Mobile checkout completion is up 4% in the first week.
        """,
        responses=[
            R("noor", "encouragement", "And it helps people who zoom in, too."),
        ],
    ),
)
more(
    "mateo",
    U(
        "idea",
        """\
        Considering office hours for the design system: an hour each Thursday when anyone
        can drop in with a component question. Cheaper than the three Slack threads a day.
        """,
    ),
)
more(
    "ines",
    U(
        "in_progress",
        """\
        Tiny copy test: "Continue" vs "Review order" on the checkout button before the
        final step. "Review order" reduced back-navigation by 11%. Words are design.
        """,
        responses=[
            R(
                "henrik",
                "question",
                "How long did it run?",
                "Two full weeks, decided up front. I read your guide!",
            ),
        ],
    ),
)
more(
    "ben",
    U(
        "stuck",
        """\
        A prospect wants a reference customer in the coffee business, and I don't know
        which of our customers would be happy to talk.
        """,
        next="Call with the reference customer next week.",
        ask="Does anyone have a coffee roaster customer who has said nice things about us lately?",
        resolved=True,
        responses=[
            R(
                "siobhan",
                "offer_of_help",
                "Yes — a roaster in Galway wrote in last month "
                "just to say thanks. I'll introduce you.",
                "Amazing, thank you!",
            ),
        ],
    ),
)
more(
    "olu",
    U(
        "in_progress",
        """\
        Wrote an integration checklist for technical buyers: what they need to decide,
        who should be in the room, how long each step really takes. Prospects have
        started forwarding it to their engineers before the call.
        """,
    ),
)
more(
    "camila",
    U(
        "stuck",
        """\
        Our PSE partner's contract has a clause about data residency that legal can't
        interpret without knowing where our payment logs are stored.
        """,
        why="We can't sign without answering it, and the partner is waiting.",
        ask="Who can tell me, authoritatively, which regions store our payment logs?",
        resolved=True,
        responses=[
            R(
                "zanele",
                "offer_of_help",
                "I can — and I'll write it down so legal has it in writing. Give me a day.",
                "Obrigada, Zanele!",
            ),
        ],
    ),
)
more(
    "jiho",
    U(
        "idea",
        """\
        Korean merchants keep asking about KakaoPay. Collecting how often it comes up
        before I bring it to @camila's partnerships work.
        """,
        responses=[
            R("camila", "comment", "Yes, log them! Numbers make the partnership case."),
        ],
    ),
)
more(
    "astrid",
    U(
        "in_progress",
        """\
        The metric definitions are now linked from every dashboard tile — hover the
        little (i) and you get the plain-language definition and the owner's name.
        """,
        responses=[
            R("ben", "thanks", "This will save me so many embarrassing moments in customer calls."),
        ],
    ),
)
more(
    "diego",
    U(
        "idea",
        """\
        Playing with the idea of a tiny matching service: give it people, groups and
        constraints, get a fair assignment back. Circles, mentoring, stretch assignments
        and interview panels are all the same problem.
        """,
        ask="If you match people to things by hand, tell me what your constraints are. "
        "I'd like to see if one tool fits all of them.",
        responses=[
            R(
                "fatima",
                "comment",
                "Mentoring: no reporting lines, different teams, overlapping hours.",
            ),
            R(
                "jonas",
                "comment",
                "Stretch assignments: skills wanted, time available, manager approval.",
            ),
        ],
    ),
)
more(
    "zanele",
    U(
        "done",
        """\
        Documented where every kind of payment data lives, by region, for @camila's
        partner contract. Turns out legal had been asking for this for two years.
        """,
    ),
)
more(
    "omar",
    U(
        "done",
        """\
        All 20 finance tables now have checks. Month-end uses its own thresholds, chosen
        by calendar, as @diego suggested. Zero false alarms in the last close.
        """,
        responses=[
            R("astrid", "thanks", "The finance team asked me to pass on their thanks too."),
        ],
    ),
)
more(
    "maya",
    U(
        "done",
        """\
        Collected this month's "help that happened" stories for the newsletter. Eleven of
        them, and seven started with someone posting an ask here rather than in a private
        message. Visible asks get answered by people you didn't know to ask.
        """,
        responses=[
            R(
                "grace",
                "thanks",
                "Thank you for collecting these. The newsletter is the only one I read to the end.",
            ),
        ],
    ),
)
more(
    "lena",
    U(
        "done",
        """\
        Experiment #3 result: the "who owns this service?" chat command was used 212 times
        in its first two weeks, 40% of them by people outside engineering. Keeping it.
        """,
        responses=[
            R("kwame", "thanks", "Support uses it every day now."),
        ],
    ),
)
more(
    "sofia",
    U(
        "in_progress",
        """\
        Research library decision: it lives on the product wiki, one page per study, with
        tags for product area and method as @meiling suggested. 58 pages migrated.
        """,
    ),
)
more(
    "devraj",
    U(
        "in_progress",
        """\
        Pages this week: **9**. Two of them were real incidents, caught early. That's the
        ratio I want — when the pager goes off, it should matter.
        """,
    ),
)
more(
    "priya",
    U(
        "idea",
        """\
        Could candidates see the paired-exercise format a week in advance, with a sample?
        Surprise helps nobody show what they can do.
        """,
        responses=[
            R("lena", "encouragement", "Yes. Publish it on the careers page."),
        ],
    ),
)
more(
    "henrik",
    U(
        "done",
        """\
        First "null results" lunch happened. Four teams presented experiments that
        changed nothing, and one of them saved another team from running the same test.
        Twenty people came. Sandwiches were eaten.
        """,
        responses=[
            R(
                "diego",
                "encouragement",
                "Best lunch of the month. Same time next month?",
                "Same time next month.",
            ),
        ],
    ),
)
more(
    "siobhan",
    U(
        "stuck",
        """\
        Our help-centre articles and our macros say slightly different things about
        refund timing. Customers notice, and quote one against the other.
        """,
        ask="Would someone in Design or Research help me decide which one should be the "
        "single source of truth?",
        responses=[
            R(
                "meiling",
                "offer_of_help",
                "The help centre, since customers read it first. "
                "Let's map the differences together.",
            ),
        ],
    ),
)
more(
    "olu",
    U(
        "done",
        """\
        The sandbox is in private beta with eight prospects. Fastest one went from sign-up
        to first test payment in 14 minutes, without talking to anyone. Exactly the point.
        """,
        responses=[
            R("zanele", "encouragement", "And all on synthetic data. Love to see it."),
            R("tomasz", "comment", "No abuse reports so far, either."),
        ],
    ),
)
more(
    "noor",
    U(
        "done",
        """\
        Ran the first live screen-reader pass in a design review. Ten minutes, three issues
        found before any code was written. @ines drove the screen reader and now wants to
        do it every week.
        """,
    ),
)
more(
    "astrid",
    U(
        "idea",
        """\
        A small weekly note, "one number explained", for the whole company: one metric, what
        it means, what moved it. Testing whether people read it.
        """,
    ),
)

# Personal goals that only their owners see.
_BY_NAME["grace"].goals.append(
    G(
        "Protect two mornings a week for deep work, with no meetings before noon",
        "Private reminder to myself: the surveys and the holiday calendar only move when I "
        "have uninterrupted time.",
        audience="only_me",
        updates=[
            U(
                "in_progress",
                """\
                Week three of meeting-free Tuesday and Thursday mornings. Held the line on
                five of six mornings. The one I gave up was worth it (a colleague in
                distress), so I'm counting it as a win.
                """,
                audience="only_me",
            ),
        ],
    )
)
_BY_NAME["ben"].goals.append(
    G(
        "Listen more than I talk on discovery calls: under 40% talk time",
        "My call recordings say I talk 65% of the time on first calls. Prospects can't tell "
        "me what they need if I'm the one talking.",
        audience="only_me",
        updates=[
            U(
                "in_progress",
                """\
                Talk time on this week's five discovery calls: 58%, 51%, 47%, 44%, 39%. The
                trick that helped most: counting to three after every answer before speaking.
                """,
                audience="only_me",
            ),
        ],
    )
)

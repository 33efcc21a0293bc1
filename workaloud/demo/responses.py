"""General-purpose responses that fit most work updates, by kind.

The loader sprinkles these over updates that have few specific responses, so the community
feels lively without every line having to be written for one update. ``{mention}`` becomes an
@username of someone the update's author might want to talk to.
"""

GENERIC = {
    "comment": [
        "Thanks for sharing this while it's still in progress. It's easier to learn from "
        "than a polished report.",
        "This is very close to something we're seeing in our team. Following along.",
        "Useful to read. I hadn't realised how much of this happens behind the scenes.",
        "Bookmarking this for our next planning session.",
        "Interesting that the simplest change made the biggest difference.",
        "I'd love to see how this looks in a month's time.",
        "{mention} might find this interesting — it's close to what you're working on.",
        "You two should compare notes, {mention}. Similar problem, different team.",
    ],
    "question": [
        "How did you decide where to start? I'm curious about what you left out.",
        "What would 'good enough' look like here?",
        "Is there anything written down yet that I could read?",
        "What's the smallest version of this you could try next week?",
        "Who else is involved? I'd like to follow along with whoever is closest to it.",
        "How will you know it worked?",
    ],
    "challenge": [
        "Gentle challenge: is this the most important thing for the next two weeks, or "
        "could a smaller version tell you the same?",
        "Playing devil's advocate: what would make you stop or change direction?",
        "Have you checked that the people it's for see the same problem? I'd test that "
        "before going further.",
        "I wonder whether this treats the symptom. What's causing it in the first place?",
    ],
    "encouragement": [
        "Really good progress. Keep going!",
        "Thank you for saying 'stuck' out loud. That's how it gets unstuck.",
        "This is exactly the kind of work that rarely gets seen. Glad it's visible here.",
        "Small steps, clearly explained. Lovely.",
        "Well done! That's a real result.",
        "Sehr gut! Looking forward to the next update.",
        "¡Ánimo! You're closer than it feels.",
    ],
    "offer_of_help": [
        "I've wrestled with something similar. Happy to do a 20-minute call this week and "
        "share what worked.",
        "If it helps, I can review a draft. Just send it over.",
        "I have a couple of free hours on Friday. Want a second pair of hands?",
        "I can introduce you to {mention}, who did something very close to this last quarter.",
    ],
    "thanks": [
        "Thank you for writing this up. I've already shared it with my team.",
        "Thanks for being so open about the messy middle. It helps.",
        "Thank you! This answers a question I was about to ask.",
    ],
}

# The update author's replies to a general response, by the kind being replied to.
AUTHOR_REPLIES = {
    "question": [
        "Good question. I'll answer it properly in my next update.",
        "Not yet, but it's on my list for next week.",
        "Short answer: the people it's for asked for it. Longer answer coming soon.",
    ],
    "challenge": [
        "Fair challenge. I'll take it into my next planning session.",
        "That's a useful push. I'll try the smaller version first.",
        "I've asked myself the same thing. For now the evidence says keep going, but I'll "
        "check again in two weeks.",
    ],
    "offer_of_help": [
        "Thank you, I'd love that. I'll message you.",
        "Yes please! Sending you the details now.",
        "That's really kind. Let's find a time this week.",
    ],
    "encouragement": [
        "Thank you, that means a lot.",
        "Thanks! It helps to know people are reading.",
    ],
}

# What an asker posts after resolving an ask.
RESOLVED_THANKS = [
    "Closing this ask: {helpers} sorted it. Thank you!",
    "Resolved, thanks to {helpers}. This community is the best.",
    "Marking this as resolved. Huge thanks to {helpers} for the help.",
]

# Private notes sent with "Say thanks" on an offer of help that helped.
THANKS_NOTES = [
    "That saved me days. Thank you!",
    "Exactly what I needed, thanks for taking the time.",
    "Really appreciated, I owe you one.",
    "Thanks! This unblocked the whole thing.",
    "",
]

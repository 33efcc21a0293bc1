"""Circle pages, one module per part of a circle's life: forming (the pool, open circles,
matching), meetings (the programme, meetings, check-ins, the iCal feed) and ending (reminders,
health, the retrospective)."""

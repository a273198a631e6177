"""Finding the same person: normalised names, nicknames, blocking keys, Splink-trained weights.

- `find_candidates(user, MatchQuery(...))`: ranked possible existing people, with reasons.
- `index.index_person(person)`: keep a person's match keys current after any change.
- `manage.py dedupe` / `tasks.dedupe_nightly`: batch duplicate detection into the review queue.
- `manage.py train_matcher`: retrain the weights from the data and reviewers' decisions.
"""

from waypost.people.matching.candidates import Candidate, MatchQuery, find_candidates

__all__ = ["Candidate", "MatchQuery", "find_candidates"]

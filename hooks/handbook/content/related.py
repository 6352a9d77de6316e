"""Related cards: the cards that share the most approaches with a card, region as the tie-breaker.

Computed once per build by :func:`related`, through an inverted index approach → cards.
For each card it counts the shared approaches of the cards met through that index and
keeps the best ``limit`` with a bounded heap. The vocabulary of approaches is fixed, so
the work is linear in the number of cards for a fixed list length, as long as no approach
is shared by most cards; to keep that bound when one is, each approach contributes at most
``per_approach`` candidates (the cards nearest to it in the card order, which is stable).
"""

from __future__ import annotations

import heapq

from handbook.content.cards import Card


def related(cards: list[Card], limit: int = 5, per_approach: int = 30) -> dict[str, list[tuple[Card, int, bool]]]:
    """Card slug → up to ``limit`` (card, shared approaches, same region), best first; no entry when none.

    Ties on shared approaches go to the same region, then to the card first in ``cards``' order.
    """
    by_approach: dict[str, list[int]] = {}
    for index, card in enumerate(cards):
        for approach in card.facts["approaches"]:
            by_approach.setdefault(approach, []).append(index)
    position = {key: {index: n for n, index in enumerate(members)} for key, members in by_approach.items()}
    regions = [card.facts["region"] for card in cards]
    half = per_approach // 2
    out: dict[str, list[tuple[Card, int, bool]]] = {}
    for index, card in enumerate(cards):
        shared: dict[int, int] = {}
        for approach in card.facts["approaches"]:
            members = by_approach[approach]
            start = max(0, position[approach][index] - half)
            for other in members[start:start + per_approach + 1]:
                shared[other] = shared.get(other, 0) + 1
        shared.pop(index, None)
        if not shared:
            continue
        region = regions[index]
        best = heapq.nsmallest(limit, ((-n, regions[other] != region, other) for other, n in shared.items()))
        out[card.slug] = [(cards[other], -negative, not other_region) for negative, other_region, other in best]
    return out



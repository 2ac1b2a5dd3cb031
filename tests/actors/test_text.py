import random

from sitrep.actors.text import _fold_slow, fold


def test_fold_maps_each_folded_character_back_to_the_text():
    text = "Ma’arrat al-Nu‘man —  Ḥalab’s EAST\u00a0side"
    folded, idx = fold(text)
    assert folded == "maarrat al numan halabs east side"
    assert len(idx) == len(folded)
    assert text[idx[folded.index("halabs")]] == "Ḥ"


def test_fold_fast_path_matches_the_character_by_character_definition():
    rng = random.Random(5)
    alphabet = "ab Z'’-—_/ \n\t.É\u0301İ\u00a0"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    texts += ["Rebels took the town of Kafr Example  -- twice -- in 2019.", "", "  ", "'"]
    for text in texts:
        assert fold.__wrapped__(text) == _fold_slow(text), repr(text)

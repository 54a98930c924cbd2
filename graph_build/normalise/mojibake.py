"""Repair of GBK text that was read one byte out of step (`?;跀?shù)字` for `。基于數(shù)字`).

What the five seeds actually show (every `?` in them was examined; see docs/normalise.md):
the publishing site held the text as GBK bytes and, at some points, read them one byte out of
step. Reading resumes at the *trail* byte of a character Z, so every following pair of bytes
straddles two real characters and decodes to an unrelated one (`“十二金”` -> `笆稹敝`), until
an ASCII byte puts the reader back in step. Concretely:

* the run starts with Z shown as `?` (Z's lead byte is lost, its trail byte is the first byte
  of the run), or with Z intact followed by `?pinyin)`: the first out-of-step character got a
  pinyin annotation of its own and lost its `(` (`府?dāng)?shù)` = 府 + 當(dāng) read from
  the bytes of 府數);
* inside the run every character is two bytes of the original; the site later turned
  full-width punctuation half-width, so `!` `;` `,` `:` inside a run stand for `！；，：`,
  and a `?` right after the opening `?` is `？` (`A3 BF`);
  in some seeds code points of GBK's user-defined area come through as private-use
  characters (and are two bytes like the rest), in others they were dropped;
* the run ends at an ASCII byte that is really the trail byte of the last character (`F`
  in `?!爆F(xiàn)`: 現 is `AC 46`), at `€` (a lone 0x80 trail byte), or at a `?` that stands for
  the trail byte of the last character and swallowed the ASCII character after it (the `(`
  of a pinyin annotation, the `<` of a closing tag).

The repair encodes the run back to bytes, drops the first byte and decodes the rest in step.
The bytes that are lost are the lead byte of Z (always: written `〓`) and the trail byte of
the last character; when the last character was annotated, the surviving pinyin usually
names it (lead byte known, reading known, and the annotator only annotates characters that
script conversion produced), so it is restored; otherwise it is written `〓`. A decoded
character that the rest of the document never uses is written `〓` too: that is how a
dropped byte pair shows (two real characters fused into one). Whatever is `〓` is left to
the reviewed errata (sources/errata.yaml), which restore it from context or keep the marker.

A `?` is treated as the start of a run only when reading the following characters in step
makes text the document otherwise uses, and reading them as they stand does not: a real
question mark (`嗎?——基于`, `區別?實際上`) reads as nonsense in step and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

from graph_build.normalise.model import MojibakeRun

CODEC = "gb18030"  # GBK, with the user-defined area mapped to private-use code points
LOST = "〓"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin annotation whose opening "(" was swallowed: "shù)".
PINYIN_TAIL = re.compile(rf"([a-zü]{{0,5}}[{TONED}][a-zü]{{0,5}})\)")
# A closing tag whose "<" was swallowed: "/p>".
TAG_TAIL = re.compile(r"/[A-Za-z][A-Za-z0-9]*>")
# Half-width punctuation inside a run that was full-width when the bytes were misread.
FULL_WIDTH_OF = {"!": "！", ";": "；", ",": "，", ":": "："}
PUNCTUATION = set("。，、“”‘’：；！？（）《》〈〉「」『』—…·,.;:!?()[]%-/")
MAX_SLOTS = 400

_T2S = opencc.OpenCC("t2s.json")
_S2T = opencc.OpenCC("s2t.json")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def _two_bytes(ch: str) -> bytes | None:
    """The GBK bytes a character was decoded from, as the publishing site decoded them."""
    try:
        data = ch.encode(CODEC)
    except UnicodeEncodeError:
        return None
    if len(data) == 2:
        return data
    code = ord(ch)
    if 0xE815 <= code <= 0xE864:
        # GB18030-2000 (and the site) mapped FE50..FEA0 to these private-use code points;
        # Python's codec follows the 2005 edition, which moved some of them out of the area.
        trail = 0x50 + code - 0xE815
        return bytes((0xFE, trail + 1 if trail >= 0x7F else trail))
    return None


def _decode_pair(lead: int | None, trail: int | None) -> str | None:
    """One character from a byte pair read in step, or None when it is not a real character."""
    if lead is None or trail is None:
        return None
    try:
        ch = bytes((lead, trail)).decode(CODEC)
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or 0xE000 <= ord(ch) <= 0xF8FF:
        return None
    if 0xFF01 <= ord(ch) <= 0xFF5E:  # the site's convention: full-width forms made half-width
        ch = chr(ord(ch) - 0xFEE0)
    return ch


@lru_cache(maxsize=None)
def _readings(ch: str) -> frozenset[str]:
    return frozenset(pinyin(ch, style=Style.TONE, heteronym=True)[0])


@lru_cache(maxsize=None)
def _annotated_kind(ch: str) -> bool:
    """The annotator marks characters that simplified-to-traditional conversion produced."""
    simplified = _T2S.convert(ch)
    return simplified != ch and _S2T.convert(simplified) == ch


@lru_cache(maxsize=None)
def candidates(reading: str, lead: int | None, trail: int | None) -> tuple[tuple[int, int], ...]:
    """Byte pairs, one of them fixed, whose character is an annotated kind read `reading`."""
    if lead is None and trail is None:
        return ()
    leads = [lead] if lead is not None else range(0x81, 0xFF)
    trails = [trail] if trail is not None else [t for t in range(0x40, 0xFF) if t != 0x7F]
    found = []
    for a in leads:
        for b in trails:
            ch = _decode_pair(a, b)
            if ch and is_han(ch) and reading in _readings(ch) and _annotated_kind(ch):
                found.append((a, b))
    return tuple(found)


@dataclass
class _Candidate:
    """A parsed run: the bytes it stands for (None = lost) and what else is known."""

    start: int  # index of the "?" that opens the run
    end: int  # index after the run
    visible_z: bool  # Z is intact before the run (the run opens with "?pinyin)")
    slots: list[int | None] = field(default_factory=list)
    hidden: list[tuple[int, str]] = field(default_factory=list)  # (slot index, reading) of ?pinyin) pairs
    tail_reading: str | None = None  # annotation of the last character, its "(" swallowed
    tail_text: str = ""  # ASCII the closing "?" swallowed and that can be told back ("<")
    body: str = ""  # the out-of-step characters as they stand


def _parse(text: str, i: int) -> _Candidate | None:
    """Read a run opening at text[i] == '?', or None when nothing run-like follows."""
    cand = _Candidate(start=i, end=i + 1, visible_z=False)
    j = i + 1
    opening = PINYIN_TAIL.match(text, j)
    if opening and i > 0 and is_han(text[i - 1]):
        z = _two_bytes(text[i - 1])
        if z is None:
            return None
        cand.visible_z = True
        cand.hidden.append((0, opening.group(1)))
        cand.slots += [z[1], None]
        j = opening.end()
    elif j < len(text) and text[j] == "?" and not PINYIN_TAIL.match(text, j + 1):
        cand.slots += [0xA3, 0xBF]  # "？" read out of step right after the opening "?"
        cand.body += "？"
        j += 1
    terminated = False
    while j < len(text) and len(cand.slots) < MAX_SLOTS:
        ch = text[j]
        if ch == "?":
            tail = PINYIN_TAIL.match(text, j + 1)
            if tail and tail.end() < len(text) and text[tail.end()] == "?":
                cand.hidden.append((len(cand.slots), tail.group(1)))
                cand.slots += [None, None]
                j = tail.end()
                continue
            cand.slots.append(None)
            if tail:
                cand.tail_reading = tail.group(1)
                j = tail.end()
            else:
                j += 1
                if TAG_TAIL.match(text, j):
                    cand.tail_text = "<"
            terminated = True
            break
        if ch == "€":
            cand.slots.append(0x80)
            j += 1
            terminated = True
            break
        if ch in FULL_WIDTH_OF:
            cand.slots += list(FULL_WIDTH_OF[ch].encode(CODEC))
            cand.body += ch
            j += 1
            continue
        o = ord(ch)
        if 0x40 <= o < 0x7F:
            cand.slots.append(o)
            j += 1
            terminated = True
            break
        if o < 0x80:
            break
        pair = _two_bytes(ch)
        if pair is None:
            break
        cand.slots += list(pair)
        cand.body += ch
        j += 1
    if not terminated:
        cand.slots.append(None)  # the trail byte of the last character is not there
    cand.end = j
    if not cand.body and not cand.visible_z:
        return None
    return cand


def _realign(cand: _Candidate) -> list[str | None]:
    """The characters the run's bytes make when read in step; None for what is lost.

    A last character named by its own surviving annotation is returned with the annotation
    attached (`數(shù)`): it is certain, whatever else the document says."""
    slots = list(cand.slots)
    for index, reading in cand.hidden:
        found = candidates(reading, slots[index], slots[index + 1])
        after = slots[index + 2] if index + 2 < len(slots) else None
        if after is not None and slots[index + 1] is None:
            # the pair's trail byte is also the lead byte of a character read in step
            found = tuple(pair for pair in found if _decode_pair(pair[1], after) is not None)
        if len(found) == 1:
            slots[index], slots[index + 1] = found[0]
    in_step = slots[1:]
    out: list[str | None] = []
    k = 0
    while k < len(in_step):
        lead = in_step[k]
        trail = in_step[k + 1] if k + 1 < len(in_step) else None
        is_last = k + 2 >= len(in_step)
        if lead is not None and lead < 0x80:
            out.append(chr(lead))
            k += 1
            continue
        ch = _decode_pair(lead, trail)
        if ch is None and is_last and cand.tail_reading and lead is not None and trail is None:
            found = candidates(cand.tail_reading, lead, None)
            if len(found) == 1:
                ch = _decode_pair(*found[0])
                if ch:
                    ch += f"({cand.tail_reading})"  # the annotation, for the pinyin step to strip
        out.append(ch)
        k += 2
    return out


def _attested(text: str, spans: list[tuple[int, int]]) -> set[str]:
    keep: list[str] = []
    last = 0
    for start, end in spans:
        keep.append(text[last:start])
        last = end
    keep.append(text[last:])
    return set("".join(keep))


def _plausible(ch: str, attested: set[str]) -> bool:
    if "(" in ch:
        return True  # named by its own pinyin (see _realign)
    return ch in attested or ch in PUNCTUATION


def _is_run(
    cand: _Candidate, text: str, realigned: list[str | None], in_step: float, as_is: list[str], as_they_stand: float
) -> bool:
    """Whether a parsed candidate is mis-read text rather than a real question mark."""
    if cand.visible_z:
        return True  # "?pinyin)": an annotation lost its "(" -- nothing else does that
    # "。" read out of step with the next character's lead byte gives "?;", "?!", "??" (the
    # second being "；！？" made half-width): these openings do not occur in running text.
    strong = text[cand.start + 1 : cand.start + 2] in (";", "!", "?")
    if strong:
        decodes = bool(realigned) and all(ch is not None for ch in realigned[:-1])
        return in_step >= 0.5 or (bool(as_is) and as_they_stand <= 0.5) or (not as_is and decodes)
    # otherwise the characters as they stand must be foreign to the document, and reading
    # them in step must do better
    return bool(as_is) and as_they_stand <= 0.5 and in_step > as_they_stand


def repair_mojibake(text: str) -> tuple[str, list[MojibakeRun]]:
    """Find the out-of-step runs and read them in step; returns the text and what was done."""
    found: list[_Candidate] = []
    i = text.find("?")
    while i >= 0:
        cand = _parse(text, i)
        if cand is not None:
            found.append(cand)
            i = text.find("?", cand.end)
        else:
            i = text.find("?", i + 1)
    attested = _attested(text, [(c.start, c.end) for c in found])
    # Where the site kept GBK's user-defined codes (as private-use characters), no byte pair
    # can have been dropped, so every character read in step is certain.
    keeps_user_defined = any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)

    pieces: list[str] = []
    runs: list[MojibakeRun] = []
    last = 0
    for cand in found:
        realigned = _realign(cand)
        known = [ch for ch in realigned if ch is not None]
        in_step = sum(_plausible(ch, attested) for ch in known) / len(known) if known else 0.0
        as_is = [ch for ch in cand.body if ch not in PUNCTUATION and ch != "？"]
        as_they_stand = sum(ch in attested for ch in as_is) / len(as_is) if as_is else 1.0
        if not _is_run(cand, text, realigned, in_step, as_is, as_they_stand):
            continue
        out = [] if cand.visible_z else [LOST]
        for ch in realigned:
            out.append(ch if ch is not None and (keeps_user_defined or _plausible(ch, attested)) else LOST)
        repaired = re.sub(f"{LOST}+", LOST, "".join(out) + cand.tail_text)
        pieces.append(text[last : cand.start])
        pieces.append(repaired)
        last = cand.end
        runs.append(
            MojibakeRun(
                raw=text[cand.start : cand.end],
                repaired=repaired,
                line=text.count("\n", 0, cand.start) + 1,
                lost=repaired.count(LOST),
            )
        )
    pieces.append(text[last:])
    return "".join(pieces), runs


def misread(original: str, keep_user_defined: bool = True) -> str:
    """The forward direction, for checking a restoration: `original` read one byte out of step.

    The first character of `original` plays Z (its lead byte is lost and shown as "?"); the
    rest is read in byte pairs from Z's trail byte until an ASCII byte puts the reading back
    in step (the remainder is then returned as it stands). Pairs in GBK's user-defined area
    become private-use characters or, with keep_user_defined=False, vanish, as some seeds
    show; full-width forms come out half-width, as the site made them. An erratum restoring
    a run is right when misread(restoration) reproduces the run as the seed has it.
    """
    data = bytearray()
    for ch in original:
        pair = _two_bytes(ch)
        data += pair if pair is not None else ch.encode(CODEC)
    out = ["?"]
    k = 1
    while k < len(data):
        lead = data[k]
        if lead < 0x80:
            out.append(chr(lead))
            return "".join(out) + data[k + 1 :].decode(CODEC, errors="replace")
        if lead == 0x80:
            out.append("€")
            return "".join(out) + data[k + 1 :].decode(CODEC, errors="replace")
        if k + 1 >= len(data):
            out.append("?")
            break
        trail = data[k + 1]
        if trail < 0x40:
            out.append("?")
            return "".join(out) + data[k + 1 :].decode(CODEC, errors="replace")
        try:
            ch = bytes((lead, trail)).decode(CODEC)
        except UnicodeDecodeError:
            ch = ""
        if len(ch) == 1 and 0xE000 <= ord(ch) <= 0xF8FF and not keep_user_defined:
            ch = ""
        if len(ch) == 1 and 0xFF01 <= ord(ch) <= 0xFF5E:
            ch = chr(ord(ch) - 0xFEE0)
        out.append(ch)
        k += 2
    return "".join(out)

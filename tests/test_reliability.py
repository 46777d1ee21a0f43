"""Issue #12: no wrong verdict, no lost input, no injection, no hang.

Each test names the item of the issue it guards. Tests that guard against a hang run the
work in a child process with a timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from pytest_newsqa.settings import ConfigError, parse_patterns


def run_within(seconds: float, code: str) -> str:
    """Run ``code`` in a fresh interpreter; fail the test if it takes longer than ``seconds``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {seconds} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- 9. user regexes run in bounded time ------------------------------------------------------
SLOW_PATTERNS = [
    r"(a|aa)*b",
    r"(a|a)*b",
    r"(a{1,100}){1,100}b",
    r".*.*.*.*.*.*.*.*=",
    r"(a?){30}a{30}",
    r"(Share|Shares|\w)*!",
    r"\w+\s*\w+!",
    r"(?=.*x).*y",
    r"(\w+) \1!",
]


@pytest.mark.parametrize("key", ["newsqa_markers", "newsqa_truncation_markers"])
@pytest.mark.parametrize("pattern", SLOW_PATTERNS)
def test_patterns_that_backtrack_are_refused(pattern, key):
    with pytest.raises(ConfigError, match="time; rewrite it"):
        parse_patterns(key, pattern)


ACCEPTED = [
    r"Live updates?",
    r"\d{1,2}:\d{2} (?:BST|GMT)",
    r"Subscribe to continue reading\.?",
    r"\w+ \w+",
    r"\d+(?:\.\d+)?%",
    r"(?i)share( this)?",
    r"\[\+\d+ chars\]",
    r"Photo: .*",
    r"(?:Mr|Mrs|Ms)\.? \w+",
    r".*=",
    r"(?:ab)+c",
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_accepted_patterns_match_hostile_lines_in_linear_time(pattern):
    assert parse_patterns("newsqa_markers", pattern)
    out = run_within(
        60,
        f"""
        import time
        from pytest_newsqa.rules.body import _suffix_patterns, _truncation
        from pytest_newsqa.settings import Settings, match_line, parse_patterns
        markers = parse_patterns("k", {pattern!r})
        worst = 0.0
        for line in ("a" * 999, "ab" * 499, "a " * 499, "1" * 999, "Shares" * 166, "=" * 999, "Mr " * 333):
            start = time.perf_counter()
            match_line(markers[0], line)
            _truncation(line, _suffix_patterns(Settings(truncation_markers=markers)))
            worst = max(worst, time.perf_counter() - start)
        print(worst)
        """,
    )
    assert float(out) < 1.0


def test_a_slow_truncation_marker_is_a_usage_error(pytester):
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "a.txt").write_text("Headline\n\nBody " + "a" * 999 + "\n")
    result = pytester.runpytest("--newsqa", "data", "-o", "newsqa_truncation_markers=(a|aa)*b")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newsqa_truncation_markers: a repeat inside a repeat, or an alternation*"])


_ = json  # used by later sections

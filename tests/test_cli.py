"""The ``planner`` command, run as a user runs it."""

from __future__ import annotations

from pathlib import Path


def test_trips_lists_the_five_seeded_trips(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "trips")
    assert out.returncode == 0, out.stderr
    for trip_id in ("korea-2021", "richardson-2019", "gwangju-2022", "dc-2023", "la-2023"):
        assert trip_id in out.stdout
    assert "18–27 Oct 2021" in out.stdout
    assert "America/Chicago" in out.stdout and "Asia/Seoul" in out.stdout
    assert "October 2023," in out.stdout and "days not known" in out.stdout


def test_agenda_shows_the_robot_mou_at_the_lotte_hotel(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "agenda", "2021-10-19")
    assert out.returncode == 0, out.stderr
    assert "Tue 19 Oct 2021 · 10월 19일 (화)" in out.stdout
    assert "robot" in out.stdout.lower() and "MOU" in out.stdout
    assert "Lotte Hotel" in out.stdout and "Seoul" in out.stdout
    assert "time not given" in out.stdout
    assert "김현겸 Kim Hyun-kyum" in out.stdout


def test_agenda_accepts_common_date_forms_and_shows_both_zones(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "agenda", "Nov 21 2019")
    assert out.returncode == 0, out.stderr
    assert "07:30–09:00 CST" in out.stdout
    assert "home 07:30–09:00 CST" in out.stdout
    seoul = run_cli("--dir", str(workspace), "agenda", "Nov 21 2019", "--tz", "Asia/Seoul")
    assert "22:30–00:00 (+1d) KST" in seoul.stdout  # 07:30-09:00 CST is 22:30-00:00 in Seoul


def test_list_for_the_chamber_president_shows_his_trips(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "list", "--person", "kim-hyun-kyum")
    assert out.returncode == 0, out.stderr
    assert "korea-2021" in out.stdout and "richardson-2019" in out.stdout
    assert "dc-2023" not in out.stdout
    assert "time not given" in out.stdout and "07:30" in out.stdout
    assert "Not yet on a day" in out.stdout  # unscheduled items (and months) are on no day
    # A part of the day: the Gwangju meeting's "morning" (the report's word), in a trip Kim is not on.
    everyone = run_cli("--dir", str(workspace), "list")
    assert "Gwangju" in everyone.stdout and "morning" in everyone.stdout and "morning" not in out.stdout


def test_list_window_and_zone(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace), "list", "--from", "2021-10-26", "--to", "Oct 27 2021", "--tz", "home")
    assert out.returncode == 0, out.stderr
    assert "Tue 26 Oct 2021" in out.stdout and "Wed 27 Oct 2021" in out.stdout
    assert "Thu 21 Oct 2021" not in out.stdout
    assert "Times in each trip's home zone." in out.stdout


def test_bad_arguments_exit_2_with_one_line(run_cli, workspace: Path):
    cases = [
        (["agenda", "2021-02-30"], "invalid date"),
        (["agenda", "someday"], "invalid date"),
        (["list", "--tz", "Mars/Olympus"], "unknown time zone"),
        (["list", "--trip", "korea-2012"], "did you mean korea-2021"),
        (["list", "--person", "kim-hyun-kyun"], "did you mean kim-hyun-kyum"),
        (["list", "--from", "2021-10-27", "--to", "2021-10-18"], "before --from"),
        (["bogus"], "invalid choice"),
    ]
    for args, words in cases:
        out = run_cli("--dir", str(workspace), *args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert words in out.stderr, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_broken_trip_file_names_file_and_line(run_cli, workspace: Path):
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8").replace('home_tz = "America/New_York"', 'home_tz = "America/NewYork"')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("home_tz"))
    out = run_cli("--dir", str(workspace), "trips")
    assert out.returncode == 2
    assert f"dc-2023.toml:{line}: trip.home_tz: unknown time zone 'America/NewYork'" in out.stderr
    assert "Traceback" not in out.stderr
    assert path.read_text(encoding="utf-8") == text  # nothing rewritten


def test_missing_folder(run_cli, tmp_path: Path):
    out = run_cli("--dir", str(tmp_path / "nope"), "trips")
    assert out.returncode == 2 and "no such folder" in out.stderr


def test_first_run_seeds_a_per_user_workspace(run_cli, tmp_path: Path):
    out = run_cli("trips")
    assert out.returncode == 0, out.stderr
    seeded = tmp_path / "xdg-data" / "planner" / "trips"
    assert sorted(p.name for p in seeded.glob("*.toml")) == [
        "dc-2023.toml",
        "gwangju-2022.toml",
        "korea-2021.toml",
        "la-2023.toml",
        "richardson-2019.toml",
    ]
    assert "korea-2021" in out.stdout
    # Editing the copy does not touch the packaged seeds, and a second run keeps the edit.
    (seeded / "la-2023.toml").unlink()
    again = run_cli("trips")
    assert "la-2023" not in again.stdout and "korea-2021" in again.stdout


def test_planner_dir_environment_variable(run_cli, workspace: Path):
    (workspace / "korea-2021.toml").unlink()
    out = run_cli("trips", env={"PLANNER_DIR": str(workspace)})
    assert out.returncode == 0
    assert "korea-2021" not in out.stdout and "dc-2023" in out.stdout


def test_hostile_title_is_shown_literally(run_cli, workspace: Path):
    path = workspace / "dc-2023.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title_ko = "글로벌 중소기업인의 밤"', 'title_ko = "[bold red]굵게[/] \\u001b[2J\\u202eevil"')
    path.write_text(text, encoding="utf-8")
    out = run_cli("--dir", str(workspace), "agenda", "2023-04-25")
    assert out.returncode == 0, out.stderr
    assert "[bold red]굵게[/]" in out.stdout
    assert "\x1b[2J" not in out.stdout and "\u202e" not in out.stdout


def test_no_command_prints_the_timeline(run_cli, workspace: Path):
    out = run_cli("--dir", str(workspace))
    assert out.returncode == 0, out.stderr
    assert "Times in each event's own zone." in out.stdout and "korea-2021" in out.stdout

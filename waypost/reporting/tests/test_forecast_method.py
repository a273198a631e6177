"""The forecasting method (waypost.reporting.forecast) on series with known answers: the
back-test's arithmetic, reproducibility with the fixed seed, no negative counts, the choice of
seasonality, and no forecast from too little data."""

import numpy as np
import pytest

from waypost.reporting import forecast as method


def test_the_back_test_error_is_worked_out_from_rolling_one_step_forecasts():
    # A forecaster that always says 10, on a series whose last 12 values are 8 and 12 in turn
    # (after a 12): every error is 2, so the MAE is 2. The naive forecast (the value before)
    # is wrong by 4 each time, so the MASE is 2 / 4 = 0.5.
    values = [10.0] * 11 + [12.0] + [8.0, 12.0] * 6
    seen_lengths = []

    def always_ten(history):
        seen_lengths.append(len(history))
        return 10.0

    back = method.back_test(values, predict=always_ten)
    assert [row.actual for row in back.rows] == [8.0, 12.0] * 6
    assert seen_lengths == list(range(12, 24))  # each month from only the months before it
    assert back.mae == 2.0
    assert back.naive_mae == 4.0
    assert back.mase == 0.5


def test_a_short_series_is_back_tested_over_fewer_months():
    back = method.back_test([1.0] * 18, predict=lambda history: 1.0)
    assert len(back.rows) == 6  # each fit keeps at least 12 months
    assert back.mae == 0.0
    assert back.mase is None  # the naive forecast made no error: no scale


def test_a_constant_series_is_forecast_exactly():
    result = method.forecast([7.0] * 24)
    assert result.back_test.mae == pytest.approx(0.0, abs=1e-6)
    for point in result.points:
        assert point.mean == pytest.approx(7.0, abs=1e-6)
        assert point.low_95 <= point.low_80 <= point.mean <= point.high_80 <= point.high_95


def test_a_straight_line_is_forecast_far_better_than_the_naive_method():
    values = [float(v) for v in range(5, 29)]  # up by 1 a month: the naive method is 1 out
    back = method.forecast(values).back_test
    assert back.naive_mae == pytest.approx(1.0)
    assert back.mae < 0.1
    assert back.mase is not None and back.mase < 0.1


def test_the_same_figures_give_the_same_forecast():
    rng = np.random.default_rng(3)
    values = [float(v) for v in rng.poisson(9, size=30)]
    assert method.forecast(values) == method.forecast(values)


def test_a_different_seed_gives_different_intervals_but_the_same_central_forecast():
    values = [float(v) for v in np.random.default_rng(4).poisson(9, size=30)]
    first, second = method.forecast(values, seed=1), method.forecast(values, seed=2)
    assert [p.mean for p in first.points] == [p.mean for p in second.points]
    assert [p.high_95 for p in first.points] != [p.high_95 for p in second.points]


def test_counts_are_never_forecast_below_zero():
    values = [30.0 - v for v in range(24)] + [3.0, 2.0, 1.0, 0.0, 0.0, 0.0]  # falling fast
    result = method.forecast(values)
    for point in result.points:
        assert min(point.mean, point.low_95, point.low_80) >= 0.0
    assert all(row.forecast >= 0.0 for row in result.back_test.rows)


def test_yearly_seasonality_only_with_three_years():
    winter = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0, 40.0]  # Nov, Dec
    assert not method.forecast(winter * 2).is_seasonal
    three_years = method.forecast(winter * 3)
    assert three_years.is_seasonal
    assert "seasonality" in three_years.method
    # The next November and December are forecast well above the summer months.
    means = [p.mean for p in three_years.points]
    assert means[10] > means[5] + 10 and means[11] > means[5] + 10


def test_too_little_data_gives_no_forecast():
    with pytest.raises(ValueError):
        method.forecast([1.0] * (method.MIN_MONTHS - 1))

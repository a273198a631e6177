"""Forecasts of monthly figures, with prediction intervals and a back-test (plan P1.6, "forecast
and project trends"). Pure numbers in, numbers out: no database, no request.

**The method.** Exponential smoothing in its state-space form (ETS, Hyndman, Koehler, Ord and
Snyder, "Forecasting with Exponential Smoothing", 2008), as `statsmodels` implements it in
`statsmodels.tsa.exponential_smoothing.ets.ETSModel`:

- additive errors, an additive **damped** trend (a trend that flattens out rather than running
  on for ever, the safer choice for short series: Gardner and McKenzie, 1985), and
- additive yearly seasonality (period 12) **only when there are at least 36 months** of data:
  with fewer, a seasonal pattern cannot be told apart from noise. SWEP bed demand is seasonal
  (winter), so its forecasts gain seasonality once three winters are recorded.

Parameters are estimated by maximum likelihood. The central forecast is the model's point
forecast; the **80% and 95% prediction intervals** come from simulating 2,000 future paths
from the fitted model with a fixed seed, so the same figures always give the same forecast.
Counts cannot be negative: every value (forecast, bounds) is clipped at 0.

**The back-test** (how well the method would have done): for each of the last 12 months (fewer
when the series is short, so that each fit has at least `MIN_FIT_MONTHS`), the same method is
fitted on the months before it and forecasts that month (rolling origin, one step ahead). The
table shows actual against forecast; the summary gives the mean absolute error (MAE) and the
mean absolute scaled error (MASE): the MAE divided by the MAE of the naive forecast ("next month
is the same as this month") over the same months. A MASE below 1 means the method beat the
naive forecast; it is not defined when the naive forecast made no error at all.

With fewer than `MIN_MONTHS` months there is no forecast: too little to go on.
"""

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

MIN_MONTHS = 18  # fewer months than this: no forecast at all
MIN_FIT_MONTHS = 12  # each back-test fit has at least this many months
SEASONAL_MONTHS = 36  # yearly seasonality only with three years of data
HORIZON = 12  # months forecast
BACK_TEST_MONTHS = 12
REPETITIONS = 2000  # simulated paths for the prediction intervals
SEED = 20200301  # fixed: the same data gives the same intervals
METHOD_NAME = "ETS(A,Ad,N): exponential smoothing with additive errors and a damped trend"
SEASONAL_METHOD_NAME = (
    "ETS(A,Ad,A): exponential smoothing with additive errors, a damped trend and yearly seasonality"
)


@dataclass(frozen=True)
class ForecastPoint:
    step: int  # 1 for the month after the last one with data
    mean: float
    low_80: float
    high_80: float
    low_95: float
    high_95: float


@dataclass(frozen=True)
class BackTestRow:
    index: int  # the position of the month in the series
    actual: float
    forecast: float
    naive: float  # the month before's value

    @property
    def error(self) -> float:
        return self.actual - self.forecast


@dataclass(frozen=True)
class BackTest:
    rows: tuple[BackTestRow, ...]

    @property
    def mae(self) -> float:
        return sum(abs(row.error) for row in self.rows) / len(self.rows)

    @property
    def naive_mae(self) -> float:
        return sum(abs(row.actual - row.naive) for row in self.rows) / len(self.rows)

    @property
    def mase(self) -> float | None:
        """MAE over the naive forecast's MAE; None when the naive forecast was never wrong."""
        naive = self.naive_mae
        return None if naive == 0 else self.mae / naive


@dataclass(frozen=True)
class Forecast:
    method: str
    is_seasonal: bool
    points: tuple[ForecastPoint, ...]
    back_test: BackTest


def is_seasonal(months: int) -> bool:
    return months >= SEASONAL_MONTHS


def method_name(months: int) -> str:
    return SEASONAL_METHOD_NAME if is_seasonal(months) else METHOD_NAME


def _fit(values: Sequence[float]):  # -> ETSResults
    # Imported here: statsmodels (with scipy) takes a second or more to import, and every
    # process that loads the URLs (each manage.py command, the web workers) would pay for it.
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    seasonal = is_seasonal(len(values))
    model = ETSModel(
        np.asarray(values, dtype=float),
        error="add",
        trend="add",
        damped_trend=True,
        seasonal="add" if seasonal else None,
        seasonal_periods=12 if seasonal else None,
    )
    with warnings.catch_warnings():
        # Short or flat series make the optimiser warn about convergence; the fit is still
        # the maximum found, and the back-test shows how good it is.
        warnings.simplefilter("ignore")
        return model.fit(disp=False)


def _clip(value: float) -> float:
    return 0.0 if not math.isfinite(value) else max(0.0, float(value))


def one_step(values: Sequence[float]) -> float:
    """The method's forecast of the month after `values`, clipped at 0."""
    return _clip(float(_fit(values).forecast(1)[0]))


def back_test(
    values: Sequence[float],
    *,
    months: int = BACK_TEST_MONTHS,
    predict: Callable[[Sequence[float]], float] = one_step,
) -> BackTest:
    """Rolling-origin, one-step-ahead forecasts of each of the last `months` values (fewer when
    that would leave a fit fewer than MIN_FIT_MONTHS), each from the values before it."""
    count = min(months, len(values) - MIN_FIT_MONTHS)
    if count < 1:
        raise ValueError(f"A back-test needs more than {MIN_FIT_MONTHS} values")
    rows = []
    for index in range(len(values) - count, len(values)):
        history = values[:index]
        rows.append(
            BackTestRow(
                index=index,
                actual=float(values[index]),
                forecast=predict(history),
                naive=float(history[-1]),
            )
        )
    return BackTest(rows=tuple(rows))


def forecast(values: Sequence[float], *, horizon: int = HORIZON, seed: int = SEED) -> Forecast:
    """The next `horizon` months after `values` (at least MIN_MONTHS of them), with 80% and 95%
    prediction intervals from simulation with a fixed seed, and the back-test."""
    if len(values) < MIN_MONTHS:
        raise ValueError(f"A forecast needs at least {MIN_MONTHS} months")
    result = _fit(values)
    means = np.asarray(result.forecast(horizon), dtype=float)
    paths = np.asarray(
        result.simulate(
            nsimulations=horizon,
            anchor="end",
            repetitions=REPETITIONS,
            rng=np.random.default_rng(seed),
        ),
        dtype=float,
    ).reshape(horizon, REPETITIONS)
    quantiles = np.quantile(paths, [0.025, 0.1, 0.9, 0.975], axis=1)
    points = tuple(
        ForecastPoint(
            step=step + 1,
            mean=_clip(means[step]),
            low_95=_clip(quantiles[0][step]),
            low_80=_clip(quantiles[1][step]),
            high_80=_clip(quantiles[2][step]),
            high_95=_clip(quantiles[3][step]),
        )
        for step in range(horizon)
    )
    return Forecast(
        method=method_name(len(values)),
        is_seasonal=is_seasonal(len(values)),
        points=points,
        back_test=back_test(values),
    )

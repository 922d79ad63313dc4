"""Every write to performance data goes through these services: views, commands, tasks and the
partnership file call them, never the models' save() directly."""

from performance.services.csv_import import CsvImportError, measurements_csv_import, measurements_csv_template
from performance.services.indicators import IndicatorFeedError, indicator_create, indicator_update
from performance.services.measurements import chair_rating_record, measurement_record, measurements_record
from performance.services.mps_feed import mps_indicators_refresh
from performance.services.mps_import import MpsFileError, mps_crime_import

__all__ = [
    "CsvImportError",
    "IndicatorFeedError",
    "MpsFileError",
    "chair_rating_record",
    "indicator_create",
    "indicator_update",
    "measurement_record",
    "measurements_csv_import",
    "measurements_csv_template",
    "measurements_record",
    "mps_crime_import",
    "mps_indicators_refresh",
]

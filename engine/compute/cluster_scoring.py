"""Score a large batch on a Dask cluster: the rows split into partitions, one per task.

The model is scattered to the workers once per batch; each partition runs the same
``prediction_table`` as local scoring, so the table is the same row for row. Small batches
are scored here: sending them costs more than it saves.
"""

from __future__ import annotations

import pandas as pd

from engine.model_contract import prediction_table

MIN_ROWS = 50_000  # below this, scoring on this computer is faster than sending the rows
ROWS_PER_PARTITION = 25_000


def worth_partitioning(rows: int) -> bool:
    return rows >= MIN_ROWS


def partitioned_prediction(client, pipeline, features: pd.DataFrame, schema: dict,
                           rows_per_partition: int | None = None) -> pd.DataFrame:
    """``prediction_table(pipeline, features, schema)`` computed partition by partition on
    the cluster's workers (dask.dataframe), in the rows' order."""
    import dask.dataframe as dd

    rows_per_partition = rows_per_partition or ROWS_PER_PARTITION
    partitions = max(1, -(-len(features) // rows_per_partition))
    frame = dd.from_pandas(features, npartitions=partitions, sort=False)
    model = client.scatter(pipeline, broadcast=True, hash=False)
    meta = prediction_table(pipeline, features.iloc[:1], schema).iloc[:0]
    table = frame.map_partitions(predict_partition, model, schema, meta=meta)
    return client.compute(table).result()


def predict_partition(partition: pd.DataFrame, pipeline, schema: dict) -> pd.DataFrame:
    """One partition's prediction table (runs on a worker)."""
    return prediction_table(pipeline, partition, schema)

"""The batch path: ingest and analysis spread over a Dask cluster, linking and saving in one
process, with the same result as `communique ingest` on the same inputs.

    with open_client(workers=4) as client:            # or open_client("tcp://host:8786")
        summary = run_batch(store, ["archive/"], client)
"""
from .cluster import BatchError, open_client, warm_workers
from .driver import BatchSummary, run_batch
from .worker import PartitionResult, Prepared, process_partition

__all__ = ["BatchError", "BatchSummary", "PartitionResult", "Prepared", "open_client", "process_partition",
           "run_batch", "warm_workers"]

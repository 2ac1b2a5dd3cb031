"""`sitrep scale` and `sitrep load`: the pipeline by shard on Ray workers, the cross-report merge as Ray
tasks by country and month, partitioned Parquet on any filesystem pyarrow opens (optional extra `scale`)."""

{
    "name": "Target Assessment Benchmark Floor",
    "summary": "A plain model: the bare ORM floor of the benchmarks (never shipped)",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "Target Assessment",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
}

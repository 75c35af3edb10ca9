"""plan-extract: Vietnamese plan documents (Kế hoạch, Chương trình hành động) to validated data.

    from plan_extract import extract
    plan = extract("plan.pdf")
    plan.tasks_frame()        # pandas DataFrame with the tasks.csv columns
"""
from plan_extract.model.document import InputError, Plan, Result
from plan_extract.run import Settings, extract, extract_result

__version__ = "0.1.0"
__all__ = ["extract", "extract_result", "Settings", "Plan", "Result", "InputError", "__version__"]

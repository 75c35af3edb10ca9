"""`python -m plan_extract ...` = the `plan-extract` command."""
from plan_extract.cli import main

if __name__ == "__main__":
    main()

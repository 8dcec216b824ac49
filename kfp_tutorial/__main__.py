import sys

from kfp_tutorial.cli import main

sys.exit(main())

import sys

from dlkit.course.cli import main

sys.exit(main())

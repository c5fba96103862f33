from geoapp.cli import main

raise SystemExit(main())

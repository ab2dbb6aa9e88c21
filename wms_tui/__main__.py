from wms_tui.cli import main

raise SystemExit(main())

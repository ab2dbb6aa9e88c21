from wms_tui.cli.command import main

raise SystemExit(main())

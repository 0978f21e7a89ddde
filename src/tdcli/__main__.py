from tdcli.cli import main

main()

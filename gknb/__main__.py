from gknb.cli import main

main()

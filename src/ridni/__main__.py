from ridni.cli import main

main()

from vigie_industrie.cli import main

main()

print("govload")

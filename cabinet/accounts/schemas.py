from pydantic import BaseModel, Field

from cabinet.core.schemas import Email, In, Text


class TokenIn(In):
    username: Text(254, min_length=1)
    password: str = Field(min_length=1, max_length=1000)
    name: Text(100) = ""


class TokenOut(BaseModel):
    token: str
    id: int


class TokenInfoOut(BaseModel):
    id: int
    name: str
    hint: str
    created_at: str
    last_used_at: str | None


class ProfileIn(In):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")
    name: Text(100, min_length=1)
    rights: list[Text(40)] = Field(default_factory=list, max_length=20)


class ProfileOut(BaseModel):
    code: str
    name: str
    rights: list[str]


class UserIn(In):
    username: str = Field(min_length=1, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(min_length=1, max_length=128)
    first_name: Text(150) = ""
    last_name: Text(150) = ""
    email: Email = ""
    profile: Text(40, min_length=1)


class UserOut(BaseModel):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    profile: str | None
    rights: list[str]
